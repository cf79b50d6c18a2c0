import ConnectWiseFake

/// `fake-apis connectwise`: the ConnectWise Manage stand-in (Basic auth `acme+fake-public:fake-private`, clientId
/// `fake-client`, conditions, paging with `Link`, 429 + `Retry-After`).
let connectWiseStandIn = StandIn(
    name: "connectwise",
    usage: "connectwise [--port N] [--latency-ms N] [--rpm N] [--records N] [--missing-id-every N]"
) { options in
    var settings = ConnectWiseFake.Options()
    settings.latency = .milliseconds(try options.integer("--latency-ms", 0))
    settings.requestsPerMinute = options["--rpm"].flatMap { Int($0) }
    settings.data.count = try options.integer("--records", settings.data.count)
    settings.missingIDEvery = options["--missing-id-every"].flatMap { Int($0) }
    let fake = try ConnectWiseFake(port: try options.integer("--port", 0), options: settings)
    return (fake.endpoint, { fake.stop() })
}
