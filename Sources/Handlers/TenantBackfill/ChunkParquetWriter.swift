public import Formats
import JSON
public import Timekeeping

/// Writes one chunk's cleaned records as gzip Parquet in its table's stable schema, with the metadata columns
/// filled in. Memory stays bounded by one row group however many records go in.
public final class ChunkParquetWriter {
    /// What the metadata columns say about the chunk.
    public struct Chunk: Sendable, Hashable {
        public var tenantID: String
        public var service: String
        public var table: String
        public var jobID: String
        public var start: CivilDate
        /// Exclusive.
        public var end: CivilDate
        public var extractedAt: Timestamp

        public init(
            tenantID: String, service: String, table: String, jobID: String, start: CivilDate, end: CivilDate,
            extractedAt: Timestamp
        ) {
            self.tenantID = tenantID
            self.service = service
            self.table = table
            self.jobID = jobID
            self.start = start
            self.end = end
            self.extractedAt = extractedAt
        }
    }

    /// What a finished writer wrote.
    public struct Summary: Sendable, Hashable {
        public var rowCount: Int
        public var byteCount: Int
        public var rowGroupCount: Int
        /// Records with at least one member kept in `_extra` (unknown or not fitting its column).
        public var recordsWithExtra: Int
    }

    /// Data columns, then `TenantTableSchema.metadataColumns`.
    public let schema: RowSchema
    private let dataColumns: [RowSchema.Column]
    private let dataIndex: [String: Int]
    private let writer: ParquetWriter
    private let metadataValues: [RowValue]
    private var recordsWithExtra = 0

    /// Default Parquet options for chunk files: gzip level 1, row groups of at most 16 MiB or 50,000 rows. Level 1
    /// rather than zlib's default 6: on the 1,000,000-record benchmark pages it halves the time spent compressing
    /// (about 40 % of writing) for files 6 % larger (52.3 MB vs 49.4 MB; pandas' own gzip file: 50.4 MB).
    public static func defaultOptions(chunk: Chunk) -> ParquetWriterOptions {
        var options = ParquetWriterOptions(compression: .gzip(level: 1))
        options.rowGroupSize = 16 << 20
        options.maxRowsPerRowGroup = 50_000
        options.jobID = chunk.jobID
        options.keyValueMetadata = [
            "backfill.tenant_id": chunk.tenantID, "backfill.service": chunk.service, "backfill.table": chunk.table,
            "backfill.chunk": "\(chunk.start.iso8601)..\(chunk.end.iso8601)",
        ]
        return options
    }

    /// A writer of `chunk`'s records in the table's data columns into `sink`.
    public init(
        dataColumns: RowSchema, chunk: Chunk, sink: any ByteSink, options: ParquetWriterOptions? = nil
    ) throws(TenantBackfillError) {
        schema = try TenantTableSchema.fileSchema(dataColumns: dataColumns)
        self.dataColumns = dataColumns.columns
        var index: [String: Int] = [:]
        for (position, column) in dataColumns.columns.enumerated() { index[column.name] = position }
        dataIndex = index
        do {
            writer = try ParquetWriter(
                schema: schema, sink: sink, options: options ?? Self.defaultOptions(chunk: chunk))
        } catch {
            throw TenantBackfillError(.writeFailed, "cannot start the Parquet writer", underlying: error)
        }
        metadataValues = [
            .string(chunk.tenantID), .string(chunk.service), .string(chunk.table), .string(chunk.jobID),
            .date(chunk.start), .date(chunk.end), .timestamp(chunk.extractedAt),
        ]
    }

    /// Writes one record.
    nonisolated(nonsending) public func write(_ record: ChunkRecords.Record) async throws(TenantBackfillError) {
        try await write(members: record.object.members, id: record.id, hash: record.hash)
    }

    /// Writes one record given as its members (what the two-pass writer reads back from its spill file).
    nonisolated(nonsending) func write(
        members: [(key: String, value: JSONValue)], id: String, hash: String
    ) async throws(TenantBackfillError) {
        var row = [RowValue](repeating: .null, count: schema.columns.count)
        var extra = JSONObject()
        for (key, value) in members {
            guard let position = dataIndex[key] else {
                extra[key] = value
                continue
            }
            if let converted = Self.convert(value, for: dataColumns[position]) {
                row[position] = converted
            } else {
                extra[key] = value
            }
        }
        var position = dataColumns.count
        for value in metadataValues {
            row[position] = value
            position += 1
        }
        row[position] = .string(hash)
        row[position + 1] = extra.isEmpty ? .null : .json(.object(extra))
        if !extra.isEmpty { recordsWithExtra += 1 }
        do {
            try await writer.write(row)
        } catch {
            throw TenantBackfillError(.writeFailed, "writing record \(id) failed", underlying: error)
        }
    }

    /// Writes records in order.
    nonisolated(nonsending) public func write(records: some Sequence<ChunkRecords.Record>)
        async throws(TenantBackfillError)
    {
        for record in records { try await write(record) }
    }

    /// Completes the file and closes the sink.
    nonisolated(nonsending) public func finish() async throws(TenantBackfillError) -> Summary {
        do {
            let summary = try await writer.finish()
            return Summary(
                rowCount: summary.rowCount, byteCount: summary.byteCount, rowGroupCount: summary.rowGroupCount,
                recordsWithExtra: recordsWithExtra)
        } catch {
            throw TenantBackfillError(.writeFailed, "finishing the Parquet file failed", underlying: error)
        }
    }

    /// The cell for `value` in `column`, or nil when it does not fit (it then goes to `_extra`).
    static func convert(_ value: JSONValue, for column: RowSchema.Column) -> RowValue? {
        if value == .null { return column.isNullable ? .null : nil }
        switch column.type {
        case .string, .json, .binary: return RowValue(json: value, for: column.type)
        case .boolean: return value.boolValue.map(RowValue.bool)
        case .int64: return value.intValue.map(RowValue.int)
        case .int32: return value.intValue.flatMap { Int32(exactly: $0) }.map { .int(Int64($0)) }
        case .double: return value.doubleValue.map(RowValue.double)
        case .date: return value.stringValue.flatMap { CivilDate(iso8601: String($0.prefix(10))) }.map(RowValue.date)
        case .timestampMillis:
            if let millis = value.intValue { return .timestamp(millisecondsSince1970: millis) }
            return ChunkRecords.timestamp(value).map(RowValue.timestamp)
        }
    }
}
