/// One stand-in `fake-apis` can serve: its name on the command line, its usage line, and how to start it from
/// its options (`--name value` pairs). Starting returns the base URL and a function that stops it.
struct StandIn: Sendable {
    var name: String
    var usage: String
    var start: @Sendable ([String: String]) throws -> (url: String, stop: @Sendable () -> Void)
}

/// The stand-ins, one file each (`CostExplorerStandIn.swift`, …); a new one adds a line here.
let standIns: [StandIn] = [
    costExplorerStandIn,
    fredStandIn,
    connectWiseStandIn,
    serviceNowStandIn,
]

/// A failure to start, shown with the usage.
struct StandInError: Error, CustomStringConvertible {
    var description: String
}

extension Dictionary where Key == String, Value == String {
    /// The integer option `name`, or `fallback`.
    func integer(_ name: String, _ fallback: Int) throws -> Int {
        guard let text = self[name] else { return fallback }
        guard let value = Int(text) else { throw StandInError(description: "\(name) must be an integer, got \(text)") }
        return value
    }

    /// The comma-separated option `name` as a set.
    func list(_ name: String) -> Set<String> {
        Set((self[name] ?? "").split(separator: ",").map(String.init))
    }
}
