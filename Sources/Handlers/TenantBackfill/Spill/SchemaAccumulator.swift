public import Formats
public import JSON

/// A table's data columns inferred one record at a time (`RowSchemaInference`, the lattice of `RowSchema.infer`),
/// leaving out members named like a metadata column (they go to `_extra`). Holds one entry a column, not the
/// records, so the two-pass writer can pin a schema while it reads its winners back.
public struct SchemaAccumulator: Sendable {
    private var inference = RowSchemaInference(excluding: Set(TenantTableSchema.metadataColumns.map(\.name)))

    public init() {}

    /// Takes in one record's members.
    public mutating func add(_ members: some Sequence<(key: String, value: JSONValue)>) {
        inference.add(members)
    }

    /// Takes in one member's name and the kind of its value.
    mutating func add(key: String, kind: RowSchemaInference.Kind) {
        inference.add(key: key, kind: kind)
    }

    /// The inferred data columns, or nil when no record had a member outside the metadata columns.
    public func schema() throws(TenantBackfillError) -> RowSchema? {
        guard !inference.isEmpty else { return nil }
        do {
            return try inference.schema()
        } catch {
            throw TenantBackfillError(.invalidSchema, "cannot pin a schema from the first chunk", underlying: error)
        }
    }
}
