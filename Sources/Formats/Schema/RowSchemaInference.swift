public import JSON

/// Schema inference one member at a time: what `RowSchema.infer(from:)` does for a batch, for callers that see
/// records one by one or only their members' names and value kinds (a spill file read back). Columns come in the
/// order their keys are first seen; kinds widen along ``Kind/widened(with:)``; every column is nullable and a
/// column that held only nulls is a string column. Holds one entry a column, never the records.
public struct RowSchemaInference: Sendable {
    @usableFromInline var order: [String] = []
    @usableFromInline var kinds: [String: Kind] = [:]
    @usableFromInline let excluded: Set<String>

    /// An empty inference that leaves out members named in `excluded` (e.g. reserved metadata columns).
    public init(excluding excluded: Set<String> = []) {
        self.excluded = excluded
    }

    /// Whether no column has been seen.
    public var isEmpty: Bool { order.isEmpty }

    /// Takes in one record's members.
    public mutating func add(_ members: some Sequence<(key: String, value: JSONValue)>) {
        for (key, value) in members { add(key: key, kind: Kind(value)) }
    }

    /// Takes in one member's name and the kind of its value.
    @inlinable
    public mutating func add(key: String, kind: Kind) {
        if let existing = kinds[key] {
            if existing != kind { kinds[key] = existing.widened(with: kind) }
        } else if !excluded.contains(key) {
            order.append(key)
            kinds[key] = kind
        }
    }

    /// The inferred columns (an error when none was seen).
    public func schema() throws(FormatsError) -> RowSchema {
        guard !order.isEmpty else {
            throw FormatsError(.invalidSchema, "cannot infer a schema: the batch has no object with any key")
        }
        return try RowSchema(
            order.map { RowSchema.Column($0, kinds[$0, default: .null].columnType, nullable: true) }, isInferred: true)
    }

    /// The type lattice of schema inference.
    public enum Kind: Equatable, Sendable {
        case null, boolean, integer, double, string, json

        public init(_ value: JSONValue) {
            switch value {
            case .null: self = .null
            case .bool: self = .boolean
            case .int: self = .integer
            case .double: self = .double
            case .string: self = .string
            case .array, .object: self = .json
            }
        }

        /// Integer and double make a double; any other mix of scalars a string; a mix with JSON a JSON column.
        @inlinable
        public func widened(with other: Kind) -> Kind {
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
}
