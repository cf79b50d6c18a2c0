import AWS

/// Builds a DynamoDB update and condition with placeholders: `SET`, `REMOVE` and `ADD` clauses, names (`#n0`) and
/// values (`:v0`) allocated as they are used, so partition keys with `-` or `.` are always safe.
struct UpdateExpression {
    private(set) var names: [String: String] = [:]
    private(set) var values: DynamoDBItem = [:]
    private var sets: [String] = []
    private var removes: [String] = []
    private var adds: [String] = []
    private var conditions: [String] = []

    /// A placeholder for the attribute-name path `parts` (e.g. `["p", "2025-11", "s"]` → `#n0.#n1.#n2`).
    mutating func path(_ parts: String...) -> String {
        parts.map { part in
            if let existing = names.first(where: { $0.value == part })?.key { return existing }
            let placeholder = "#n\(names.count)"
            names[placeholder] = part
            return placeholder
        }.joined(separator: ".")
    }

    /// A placeholder for `value`.
    mutating func value(_ value: DynamoDBValue) -> String {
        let placeholder = ":v\(values.count)"
        values[placeholder] = value
        return placeholder
    }

    mutating func set(_ path: String, _ value: DynamoDBValue) {
        sets.append("\(path) = \(self.value(value))")
    }

    mutating func remove(_ path: String) {
        removes.append(path)
    }

    mutating func add(_ path: String, _ amount: Int) {
        adds.append("\(path) \(value(.number(amount)))")
    }

    /// Adds `condition` (joined with AND).
    mutating func require(_ condition: String) {
        conditions.append(condition)
    }

    /// Requires `path = value`.
    mutating func require(_ path: String, equals value: DynamoDBValue) {
        conditions.append("\(path) = \(self.value(value))")
    }

    /// The update expression.
    var update: String {
        var clauses: [String] = []
        if !sets.isEmpty { clauses.append("SET " + sets.joined(separator: ", ")) }
        if !removes.isEmpty { clauses.append("REMOVE " + removes.joined(separator: ", ")) }
        if !adds.isEmpty { clauses.append("ADD " + adds.joined(separator: ", ")) }
        return clauses.joined(separator: " ")
    }

    /// The condition expression, or nil.
    var condition: String? {
        // One condition stands alone: DynamoDB rejects parentheses around a whole expression as redundant.
        guard conditions.count > 1 else { return conditions.first }
        return conditions.map { "(\($0))" }.joined(separator: " AND ")
    }
}
