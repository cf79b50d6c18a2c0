import BackfillTesting
import JSON

/// Fixture events of `cost-backfill` and result helpers for the integration tests.
enum CostEvents {
    /// `Tests/Fixtures/events/cost-backfill`.
    static let directory =
        String(#filePath.dropLast("IntegrationTests/CostBackfill/CostEvents.swift".count))
        + "Fixtures/events/cost-backfill"

    /// The text of fixture event `name` (without `.json`).
    static func event(_ name: String) throws -> String {
        let text = ChildProcess.readFile(directory + "/\(name).json")
        guard !text.isEmpty else { throw ChildProcessError("fixture \(name).json is missing or empty") }
        return text
    }
}

extension JSONValue {
    /// The strings of an array member of `body`.
    func bodyList(_ name: String) -> [String] {
        self["body"]?[name]?.arrayValue?.compactMap(\.stringValue) ?? []
    }
}
