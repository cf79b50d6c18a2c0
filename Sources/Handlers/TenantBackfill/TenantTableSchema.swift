public import Formats
public import JSON

/// The one schema every chunk file of a table shares, so `read_parquet('…/*.parquet')` reads all chunks as one
/// table: the data columns (declared in the settings, or pinned from the first chunk's records and stored with
/// the job), then the metadata columns. Objects and arrays are JSON text columns.
public enum TenantTableSchema {
    /// The metadata columns appended to every table, in order. `_extra` holds, as a JSON object, the members
    /// of a record that match no data column or do not fit its type (null when there are none), so a schema
    /// pinned from an early chunk never loses later data.
    public static let metadataColumns: [RowSchema.Column] = [
        .init("_tenant_id", .string, nullable: false), .init("_service", .string, nullable: false),
        .init("_table", .string, nullable: false), .init("_backfill_job_id", .string, nullable: false),
        .init("_chunk_start", .date, nullable: false), .init("_chunk_end", .date, nullable: false),
        .init("_extracted_at", .timestampMillis, nullable: false), .init("_record_hash", .string, nullable: false),
        .init("_extra", .json, encoding: .plain),
    ]

    /// Data columns inferred from a chunk's records (nil when there are none): typed scalars (booleans, 64-bit
    /// integers, doubles, strings), objects and arrays as JSON, all nullable; members named like a metadata
    /// column are left to `_extra` (`SchemaAccumulator`, which the two-pass writer feeds one record at a time).
    public static func pin(from records: some Sequence<JSONObject>) throws(TenantBackfillError) -> RowSchema? {
        var accumulator = SchemaAccumulator()
        for record in records { accumulator.add(record.members) }
        return try accumulator.schema()
    }

    /// Data columns from their JSON form, `{"columns":[{"name":"id","type":"int64","nullable":false},…]}` (what
    /// `json(of:)` writes and settings declare) or the bare list.
    public static func dataColumns(from json: JSONValue) throws(TenantBackfillError) -> RowSchema {
        guard let list = json["columns"]?.arrayValue ?? json.arrayValue else {
            throw TenantBackfillError(.invalidSchema, "a table schema needs a columns list")
        }
        var columns: [RowSchema.Column] = []
        for entry in list {
            guard let name = entry["name"]?.stringValue, let typeName = entry["type"]?.stringValue else {
                throw TenantBackfillError(.invalidSchema, "each schema column needs a name and a type")
            }
            guard let type = ColumnType(rawValue: typeName) else {
                let known = ColumnType.allCases.map(\.rawValue).joined(separator: ", ")
                throw TenantBackfillError(.invalidSchema, "column \(name): unknown type \(typeName) (known: \(known))")
            }
            columns.append(.init(name, type, nullable: entry["nullable"]?.boolValue ?? true))
        }
        do {
            return try RowSchema(columns, isInferred: json["inferred"]?.boolValue ?? false)
        } catch {
            throw TenantBackfillError(.invalidSchema, "invalid table schema", underlying: error)
        }
    }

    /// The JSON form of data columns, to store with the job and read back with `dataColumns(from:)`.
    public static func json(of dataColumns: RowSchema) -> JSONValue { dataColumns.jsonDescription }

    /// The file schema: data columns, then metadata columns.
    public static func fileSchema(dataColumns: RowSchema) throws(TenantBackfillError) -> RowSchema {
        do {
            return try RowSchema(dataColumns.columns + metadataColumns, isInferred: dataColumns.isInferred)
        } catch {
            throw TenantBackfillError(
                .invalidSchema, "a data column is named like a metadata column", underlying: error)
        }
    }
}
