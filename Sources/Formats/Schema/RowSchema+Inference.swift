public import JSON

extension RowSchema {
    /// Infers a schema from a batch of JSON records.
    ///
    /// Columns appear in the order their keys are first seen. Top-level scalars become typed columns (booleans,
    /// 64-bit integers, doubles, strings); objects and arrays become JSON columns. Conflicting types widen:
    /// integer and double make a double; any other mix of scalars makes a string; a mix with objects or arrays
    /// makes a JSON column. Every inferred column is nullable (a key absent from a record is a null), and a
    /// column that held only nulls is a string column. Non-object records are ignored.
    public static func infer(from records: some Sequence<JSONValue>) throws(FormatsError) -> RowSchema {
        var order: [String] = []
        var kinds: [String: InferredKind] = [:]
        for record in records {
            guard case .object(let object) = record else { continue }
            for (key, value) in object {
                let kind = InferredKind(value)
                if let existing = kinds[key] {
                    kinds[key] = existing.widened(with: kind)
                } else {
                    order.append(key)
                    kinds[key] = kind
                }
            }
        }
        guard !order.isEmpty else {
            throw FormatsError(.invalidSchema, "cannot infer a schema: the batch has no object with any key")
        }
        let columns = order.map { Column($0, kinds[$0, default: .null].columnType, nullable: true) }
        return try RowSchema(columns, isInferred: true)
    }
}

/// The type lattice of schema inference.
private enum InferredKind: Equatable {
    case null, boolean, integer, double, string, json

    init(_ value: JSONValue) {
        switch value {
        case .null: self = .null
        case .bool: self = .boolean
        case .int: self = .integer
        case .double: self = .double
        case .string: self = .string
        case .array, .object: self = .json
        }
    }

    func widened(with other: InferredKind) -> InferredKind {
        switch (self, other) {
        case _ where self == other: self
        case (.null, _): other
        case (_, .null): self
        case (.json, _), (_, .json): .json
        case (.integer, .double), (.double, .integer): .double
        default: .string
        }
    }

    var columnType: ColumnType {
        switch self {
        case .null, .string: .string
        case .boolean: .boolean
        case .integer: .int64
        case .double: .double
        case .json: .json
        }
    }
}
