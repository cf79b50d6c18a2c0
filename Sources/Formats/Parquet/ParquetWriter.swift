public import JSON

/// Streams rows into a Parquet file (`PAR1`, format 2 footer): data pages v1, PLAIN or dictionary encoding,
/// GZIP or no compression, row groups cut by buffered size, column statistics, and key-value metadata with
/// the writer, the schema (`backfill.schema`) and the job id. Memory is bounded by one row group.
///
/// Output is deterministic: the same rows and options give the same bytes (nothing time-dependent is
/// written unless passed in `keyValueMetadata`).
public final class ParquetWriter: RowWriter {
    public let schema: RowSchema
    private let sink: any ByteSink
    private let options: ParquetWriterOptions
    private var columns: [ColumnChunkWriter]
    private var prepared: [PreparedValue] = []
    private var rowGroups: [RowGroupMetadata] = []
    private var offset: Int64 = 0
    private var rowsInGroup = 0
    private var rowCount = 0
    private var ignoredFieldCount = 0
    private var isFinished = false
    private var failure: FormatsError?

    /// A writer of `schema` rows into `sink`; nothing is written until the first row group is full or `finish`.
    public init(schema: RowSchema, sink: any ByteSink, options: ParquetWriterOptions = .init()) throws(FormatsError) {
        self.schema = schema
        self.sink = sink
        self.options = options
        let deflater: Deflater?
        switch options.compression {
        case .uncompressed: deflater = nil
        case .gzip(let level): deflater = try Deflater(level: Int32(clamping: level))
        }
        columns = schema.columns.map { ColumnChunkWriter(column: $0, options: options, deflater: deflater) }
        prepared.reserveCapacity(schema.columns.count)
    }

    nonisolated(nonsending) public func write(_ row: [RowValue]) async throws(FormatsError) {
        try checkUsable()
        guard row.count == columns.count else {
            throw FormatsError(
                .rowShape, "row has \(row.count) values for \(columns.count) columns",
                context: ["row": String(rowCount)])
        }
        if try appendRow(row) { try await flushRowGroup() }
    }

    nonisolated(nonsending) public func write(record: JSONObject) async throws(FormatsError) {
        let (row, ignored) = schema.row(from: record)
        try await write(row)
        ignoredFieldCount += ignored
    }

    nonisolated(nonsending) public func finish() async throws(FormatsError) -> RowWriterSummary {
        try checkUsable()
        isFinished = true
        try await flushRowGroup()
        if offset == 0 { try await emit(Self.magic) }
        var footer = ParquetThrift.fileMetadata(
            schema: schema, rowGroups: rowGroups, keyValues: keyValueMetadata,
            createdBy: "\(options.writerName) version \(options.writerVersion)")
        withUnsafeBytes(of: UInt32(footer.count).littleEndian) { footer.append(contentsOf: $0) }
        footer += Self.magic
        try await emit(footer)
        do {
            try await sink.close()
        } catch {
            throw FormatsError(.sinkFailed, "closing the output failed", underlying: error)
        }
        return RowWriterSummary(
            rowCount: rowCount, byteCount: Int(offset), rowGroupCount: rowGroups.count,
            ignoredFieldCount: ignoredFieldCount)
    }

    /// The footer's key-value metadata: the writer's entries, then the caller's sorted by key.
    var keyValueMetadata: [(String, String)] {
        var entries: [(String, String)] = [
            ("backfill.writer", options.writerName),
            ("backfill.writer_version", options.writerVersion),
            ("backfill.schema", schema.jsonDescription.serialized()),
        ]
        if let jobID = options.jobID { entries.append(("backfill.job_id", jobID)) }
        entries += options.keyValueMetadata.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return entries
    }

    private static let magic: [UInt8] = Array("PAR1".utf8)

    private func checkUsable() throws(FormatsError) {
        if let failure { throw failure }
        guard !isFinished else { throw FormatsError(.writerFinished, "the writer was already finished") }
    }

    /// Prepares the whole row (rejecting it untouched if a value does not fit), appends it to every column,
    /// and tells whether the row group is now big enough to write out. Works on local copies of the column
    /// writers, so the hot loop does not pay for a dynamic exclusivity check per cell.
    private func appendRow(_ row: [RowValue]) throws(FormatsError) -> Bool {
        var prepared = self.prepared
        self.prepared = []
        defer { self.prepared = prepared }
        prepared.removeAll(keepingCapacity: true)
        for (index, value) in row.enumerated() {
            prepared.append(try PreparedValue(value, for: schema.columns[index], row: rowCount))
        }
        var columns = self.columns
        self.columns = []
        defer { self.columns = columns }
        do {
            var buffered = 0
            for index in columns.indices {
                try columns[index].append(prepared[index])
                buffered += columns[index].bufferedBytes
            }
            rowCount += 1
            rowsInGroup += 1
            return rowsInGroup >= options.maxRowsPerRowGroup || buffered >= options.rowGroupSize
        } catch {
            failure = error
            throw error
        }
    }

    nonisolated(nonsending) private func flushRowGroup() async throws(FormatsError) {
        guard rowsInGroup > 0 else { return }
        if offset == 0 { try await emit(Self.magic) }
        let groupOffset = offset
        var chunks: [ColumnChunkMetadata] = []
        for index in columns.indices {
            let chunk = try columns[index].finishChunk(at: offset)
            for piece in chunk.pieces where !piece.isEmpty { try await emit(piece) }
            chunks.append(chunk.metadata)
        }
        rowGroups.append(RowGroupMetadata(columns: chunks, rowCount: Int64(rowsInGroup), fileOffset: groupOffset))
        rowsInGroup = 0
    }

    nonisolated(nonsending) private func emit(_ bytes: [UInt8]) async throws(FormatsError) {
        do {
            try await sink.write(bytes)
        } catch {
            let wrapped = FormatsError(.sinkFailed, "writing the output failed", underlying: error)
            failure = wrapped
            throw wrapped
        }
        offset += Int64(bytes.count)
    }
}
