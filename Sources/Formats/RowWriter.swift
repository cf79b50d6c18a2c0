public import JSON

/// Writes rows of a fixed schema to a `ByteSink` in some file format (Parquet, NDJSON.gz), streaming: memory
/// stays bounded however many rows go in. Handlers that write rows take `any RowWriter`, so the format is
/// an option (`RowFormat`).
///
/// A row that does not fit the schema is rejected with a `FormatsError` before any of it is stored, and the
/// writer stays usable; a compression or sink failure ends the writer (later calls fail too).
public protocol RowWriter: AnyObject {
    /// The columns every row has.
    var schema: RowSchema { get }

    /// Writes one row: one value per column, in schema order.
    nonisolated(nonsending) func write(_ row: [RowValue]) async throws(FormatsError)

    /// Writes one JSON record: members matched to columns by name (absent ones are null, unknown ones are
    /// ignored and counted), converted as `RowValue.init(json:for:)` describes.
    nonisolated(nonsending) func write(record: JSONObject) async throws(FormatsError)

    /// Completes the output and closes the sink. Call exactly once, also when no row was written.
    nonisolated(nonsending) func finish() async throws(FormatsError) -> RowWriterSummary
}

/// What a finished writer wrote.
public struct RowWriterSummary: Sendable, Hashable {
    /// Rows written.
    public var rowCount: Int
    /// Bytes handed to the sink (the size of the file).
    public var byteCount: Int
    /// Parquet row groups (0 for other formats).
    public var rowGroupCount: Int
    /// Members of JSON records whose key is not a column (dropped).
    public var ignoredFieldCount: Int

    public init(rowCount: Int, byteCount: Int, rowGroupCount: Int, ignoredFieldCount: Int) {
        self.rowCount = rowCount
        self.byteCount = byteCount
        self.rowGroupCount = rowGroupCount
        self.ignoredFieldCount = ignoredFieldCount
    }
}

extension RowWriter {
    /// Writes rows in order; stops at the first rejected row.
    nonisolated(nonsending) public func write(contentsOf rows: some Sequence<[RowValue]>) async throws(FormatsError) {
        for row in rows { try await write(row) }
    }

    /// Writes JSON records in order; stops at the first rejected record.
    nonisolated(nonsending) public func write(records: some Sequence<JSONObject>) async throws(FormatsError) {
        for record in records { try await write(record: record) }
    }
}

extension RowSchema {
    /// The row for a JSON record, and how many of its members matched no column.
    func row(from record: JSONObject) -> (row: [RowValue], ignored: Int) {
        var row = [RowValue](repeating: .null, count: columns.count)
        var ignored = 0
        for (key, value) in record {
            guard let index = columnIndex[key] else {
                ignored += 1
                continue
            }
            row[index] = RowValue(json: value, for: columns[index].type)
        }
        return (row, ignored)
    }
}
