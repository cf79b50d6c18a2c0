import FREDFake

/// `fake-apis fred`: the FRED stand-in (keys checked, 120 requests a minute per key with FRED's 429 body, `"."`
/// values, daily, monthly and quarterly series).
let fredStandIn = StandIn(
    name: "fred",
    usage: "fred --keys KEY,… [--port N] [--latency-ms N] [--rpm N|0] [--retry-after yes|no]"
) { options in
    let keys = options.list("--keys")
    guard !keys.isEmpty else { throw StandInError(description: "fred needs --keys KEY,… (the keys it accepts)") }
    var settings = FREDFake.Options(validKeys: keys)
    settings.latency = .milliseconds(try options.integer("--latency-ms", 0))
    let rpm = try options.integer("--rpm", 120)
    settings.requestsPerMinute = rpm > 0 ? rpm : nil
    settings.sendsRetryAfter = options["--retry-after"] == "yes"
    let fake = try FREDFake(port: try options.integer("--port", 0), options: settings)
    return (fake.baseURL, { fake.stop() })
}
