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
        prepared.removeAll(keepingCapacity: true)
        for (index, value) in row.enumerated() {
            prepared.append(try PreparedValue(value, for: schema.columns[index], row: rowCount))
        }
        try await store()
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

    /// Appends the prepared row to every column and cuts a row group when it is big enough.
    nonisolated(nonsending) private func store() async throws(FormatsError) {
        do {
            for index in columns.indices { try columns[index].append(prepared[index]) }
            rowCount += 1
            rowsInGroup += 1
            if rowsInGroup >= options.maxRowsPerRowGroup || bufferedBytes >= options.rowGroupSize {
                try await flushRowGroup()
            }
        } catch {
            failure = error
            throw error
        }
    }

    private var bufferedBytes: Int {
        var total = 0
        for index in columns.indices { total += columns[index].bufferedBytes }
        return total
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
