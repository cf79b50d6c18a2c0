import ServiceNowFake

/// `fake-apis servicenow`: the ServiceNow Table API stand-in (Basic `svc-backfill:fake-password` or
/// `Bearer fake-token`, `sysparm_query`, offsets, `X-Total-Count`, `Link`, 429 + `Retry-After`).
let serviceNowStandIn = StandIn(
    name: "servicenow",
    usage: "servicenow [--port N] [--latency-ms N] [--rpm N] [--records N] [--missing-id-every N]"
) { options in
    var settings = ServiceNowFake.Options()
    settings.latency = .milliseconds(try options.integer("--latency-ms", 0))
    settings.requestsPerMinute = options["--rpm"].flatMap { Int($0) }
    settings.data.count = try options.integer("--records", settings.data.count)
    settings.missingIDEvery = options["--missing-id-every"].flatMap { Int($0) }
    let fake = try ServiceNowFake(port: try options.integer("--port", 0), options: settings)
    return (fake.endpoint, { fake.stop() })
}
