public import JSON

/// The events users send today, kept under `Tests/Fixtures/events/<handler>/`, with `expectations.json` saying
/// what each must produce: `{"file.json": {"outcome": "response"|"error", "fields": {…}, "errorType": "…",
/// "messageContains": "…"}}`. `fields` is a subset match: every member given must be present and equal.
public struct FixtureEvent: Sendable {
    public var name: String
    public var event: [UInt8]
    public var expectation: JSONValue

    /// Every fixture of `handler` under `directory` (the `Tests/Fixtures/events` folder), in name order.
    public static func load(handler: String, directory: String) throws -> [FixtureEvent] {
        let folder = directory + "/" + handler
        let expectations = try JSONParser.parse(ChildProcess.readFile(folder + "/expectations.json"))
        guard let object = expectations.objectValue, !object.isEmpty else {
            throw ChildProcessError("no expectations in \(folder)/expectations.json")
        }
        return try object.members.sorted { $0.key < $1.key }.map { member in
            let text = ChildProcess.readFile(folder + "/" + member.key)
            guard !text.isEmpty else { throw ChildProcessError("fixture \(folder)/\(member.key) is missing or empty") }
            return FixtureEvent(name: member.key, event: Array(text.utf8), expectation: member.value)
        }
    }

    /// What is wrong with an outcome (`response` bytes, or an error type and message); empty when it matches.
    public func problems(response: [UInt8]?, errorType: String?, errorMessage: String?) -> [String] {
        var problems: [String] = []
        switch expectation["outcome"]?.stringValue {
        case "response":
            guard let response else {
                return ["\(name): expected a response, got error \(errorType ?? "?"): \(errorMessage ?? "")"]
            }
            guard let value = try? JSONParser.parse(response) else { return ["\(name): the response is not JSON"] }
            if let fields = expectation["fields"] {
                problems += Self.subsetProblems(expected: fields, actual: value, path: name)
            }
        case "error":
            guard response == nil else { return ["\(name): expected an error, got a response"] }
            if let type = expectation["errorType"]?.stringValue, type != errorType {
                problems.append("\(name): error type \(errorType ?? "nil"), expected \(type)")
            }
            if let part = expectation["messageContains"]?.stringValue, !(errorMessage ?? "").contains(part) {
                problems.append("\(name): error message '\(errorMessage ?? "")' does not contain '\(part)'")
            }
        default:
            problems.append("\(name): expectation has no outcome")
        }
        return problems
    }

    static func subsetProblems(expected: JSONValue, actual: JSONValue, path: String) -> [String] {
        guard case .object(let object) = expected else {
            return expected == actual ? [] : ["\(path): \(actual.serialized()) != \(expected.serialized())"]
        }
        return object.members.flatMap { member -> [String] in
            guard let value = actual[member.key] else { return ["\(path).\(member.key) is missing"] }
            return subsetProblems(expected: member.value, actual: value, path: path + "." + member.key)
        }
    }
}
