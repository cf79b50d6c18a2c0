import CostExplorerFake

/// `fake-apis cost-explorer`: the Cost Explorer stand-in (pages, rate enforcement, failing months).
let costExplorerStandIn = StandIn(
    name: "cost-explorer",
    usage:
        "cost-explorer [--port N] [--latency-ms N] [--max-rps N] [--page-size N] [--no-data YYYY-MM,…] [--failing YYYY-MM,…]"
) { options in
    var settings = CostExplorerFake.Options()
    settings.latency = .milliseconds(try options.integer("--latency-ms", 0))
    settings.maxRequestsPerSecond = options["--max-rps"].flatMap { Int($0) }
    settings.pageSize = try options.integer("--page-size", settings.pageSize)
    settings.noDataMonths = options.list("--no-data")
    settings.failingMonths = options.list("--failing")
    let fake = try CostExplorerFake(port: try options.integer("--port", 0), options: settings)
    return (fake.endpoint, { fake.stop() })
}
