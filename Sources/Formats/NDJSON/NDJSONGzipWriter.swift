public import JSON
import Timekeeping

/// Streams rows as gzip-compressed newline-delimited JSON (`.json.gz`): one object per row with every column
/// in schema order (nulls written as `null`), dates as `"YYYY-MM-DD"`, timestamps as RFC 3339 with
/// milliseconds in UTC, JSON columns embedded as JSON, binary as base64, NaN and infinities as `null`
/// (JSON has no such numbers). Memory is bounded by `chunkSize`.
public final class NDJSONGzipWriter: RowWriter {
    public let schema: RowSchema
    private let sink: any ByteSink
    private let deflater: Deflater
    private let chunkSize: Int
    private let keyPrefixes: [[UInt8]]
    private var prepared: [PreparedValue] = []
    private var pending: [UInt8] = []
    private var compressed: [UInt8] = []
    private var byteCount = 0
    private var rowCount = 0
    private var ignoredFieldCount = 0
    private var isFinished = false
    private var failure: FormatsError?

    /// A writer into `sink` at gzip `compressionLevel` (1–9) that hands the sink chunks of about `chunkSize`.
    public init(
        schema: RowSchema, sink: any ByteSink, compressionLevel: Int = 6, chunkSize: Int = 1 << 20
    ) throws(FormatsError) {
        self.schema = schema
        self.sink = sink
        self.chunkSize = max(1024, chunkSize)
        deflater = try Deflater(level: Int32(clamping: compressionLevel))
        keyPrefixes = schema.columns.enumerated().map { index, column in
            Array((index == 0 ? "{" : ",").utf8) + JSONValue.string(column.name).serializedBytes() + [UInt8(ascii: ":")]
        }
        pending.reserveCapacity(64 * 1024 + 1024)
    }

    nonisolated(nonsending) public func write(_ row: [RowValue]) async throws(FormatsError) {
        if let failure { throw failure }
        guard !isFinished else { throw FormatsError(.writerFinished, "the writer was already finished") }
        guard row.count == schema.columns.count else {
            throw FormatsError(
                .rowShape, "row has \(row.count) values for \(schema.columns.count) columns",
                context: ["row": String(rowCount)])
        }
        prepared.removeAll(keepingCapacity: true)
        for (index, value) in row.enumerated() {
            prepared.append(try PreparedValue(value, for: schema.columns[index], row: rowCount))
        }
        for (index, value) in prepared.enumerated() {
            pending += keyPrefixes[index]
            append(value, type: schema.columns[index].type)
        }
        pending += [UInt8(ascii: "}"), 0x0A]
        rowCount += 1
        if pending.count >= 64 * 1024 { try await compressPending(finish: false) }
    }

    nonisolated(nonsending) public func write(record: JSONObject) async throws(FormatsError) {
        let (row, ignored) = schema.row(from: record)
        try await write(row)
        ignoredFieldCount += ignored
    }

    nonisolated(nonsending) public func finish() async throws(FormatsError) -> RowWriterSummary {
        if let failure { throw failure }
        guard !isFinished else { throw FormatsError(.writerFinished, "the writer was already finished") }
        isFinished = true
        try await compressPending(finish: true)
        do {
            try await sink.close()
        } catch {
            throw FormatsError(.sinkFailed, "closing the output failed", underlying: error)
        }
        return RowWriterSummary(
            rowCount: rowCount, byteCount: byteCount, rowGroupCount: 0, ignoredFieldCount: ignoredFieldCount)
    }

    nonisolated(nonsending) private func compressPending(finish: Bool) async throws(FormatsError) {
        let deflateFailure: FormatsError? = pending.withUnsafeBytes { buffer in
            do throws(FormatsError) {
                try deflater.stream(buffer, appendingTo: &compressed, finish: finish)
                return nil
            } catch {
                return error
            }
        }
        if let deflateFailure {
            failure = deflateFailure
            throw deflateFailure
        }
        pending.removeAll(keepingCapacity: true)
        guard finish || compressed.count >= chunkSize, !compressed.isEmpty else { return }
        let chunk = compressed
        compressed.removeAll(keepingCapacity: true)
        do {
            try await sink.write(chunk)
        } catch {
            failure = FormatsError(.sinkFailed, "writing the output failed", underlying: error)
            throw failure!
        }
        byteCount += chunk.count
    }

    private func append(_ value: PreparedValue, type: ColumnType) {
        switch value {
        case .null:
            pending += Array("null".utf8)
        case .boolean(let flag):
            pending += Array((flag ? "true" : "false").utf8)
        case .integer(let number):
            switch type {
            case .date: pending += JSONValue.string(CivilDate(daysSince1970: Int(number)).iso8601).serializedBytes()
            case .timestampMillis:
                pending += JSONValue.string(Timestamp(millisecondsSince1970: number).iso8601).serializedBytes()
            default: pending += Array(String(number).utf8)
            }
        case .double(let number):
            pending += JSONValue.double(number).serializedBytes()
        case .text(let text):
            switch type {
            case .json: pending += Array(text.utf8)
            case .binary: pending += JSONValue.string(Base64.encode(Array(text.utf8))).serializedBytes()
            default: pending += JSONValue.string(text).serializedBytes()
            }
        case .json(let json):
            pending += json.serializedBytes()
        case .bytes(let bytes):
            pending += JSONValue.string(Base64.encode(bytes)).serializedBytes()
        }
    }
}
