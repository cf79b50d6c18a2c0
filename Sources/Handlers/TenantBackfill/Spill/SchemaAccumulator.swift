public import Formats
public import JSON

/// Infers a table's data columns one record at a time, as `RowSchema.infer` does for a batch: columns in the
/// order their keys are first seen, scalars typed (booleans, 64-bit integers, doubles, strings), objects and
/// arrays as JSON; conflicting types widen (integer and double make a double, other scalar mixes a string, a
/// mix with objects or arrays JSON); a column that held only nulls is a string column; all nullable. Members
/// named like a metadata column are left out (they go to `_extra`). Holds one entry a column, not the records,
/// so the two-pass writer can pin a schema while it reads its winners back.
public struct SchemaAccumulator: Sendable {
    private var order: [String] = []
    private var kinds: [String: Kind] = [:]
    private static let reserved = Set(TenantTableSchema.metadataColumns.map(\.name))

    public init() {}

    /// Takes in one record's members.
    public mutating func add(_ members: some Sequence<(key: String, value: JSONValue)>) {
        for (key, value) in members { add(key: key, kind: Kind(value)) }
    }

    /// Takes in one member's name and the kind of its value.
    mutating func add(key: String, kind: Kind) {
        if let existing = kinds[key] {
            if existing != kind { kinds[key] = existing.widened(with: kind) }
        } else if !Self.reserved.contains(key) {
            order.append(key)
            kinds[key] = kind
        }
    }

    /// The inferred data columns, or nil when no record had a member outside the metadata columns.
    public func schema() throws(TenantBackfillError) -> RowSchema? {
        guard !order.isEmpty else { return nil }
        do {
            return try RowSchema(
                order.map { RowSchema.Column($0, kinds[$0, default: .null].columnType, nullable: true) },
                isInferred: true)
        } catch {
            throw TenantBackfillError(.invalidSchema, "cannot pin a schema from the first chunk", underlying: error)
        }
    }

    /// The type lattice of `RowSchema.infer`.
    enum Kind: Equatable, Sendable {
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

        func widened(with other: Kind) -> Kind {
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
