public import BackfillCore
public import JSON
import SourceConnector
public import Timekeeping

/// A service without a native connector: its ingestion Lambda (`avesa-{service}-ingestion-{env}`) is invoked
/// synchronously per chunk with exactly the payload the fixed original sends (`tenant_id, service_name,
/// table_name, start_date, end_date, backfill_mode, force_full_sync, chunk_number, total_chunks`), through the
/// rate-limited caller. Its function error, or an answer without a records list, fails the chunk with the
/// function's message. The answer carries the records as `records` (top level, or in `body`, also when `body`
/// is JSON text).
public struct IngestionLambdaSource: Sendable {
    public let invoker: any FunctionInvoker
    /// The function name (already resolved from the pattern).
    public let function: String
    public let caller: RateLimitedCaller<Void>

    /// A source invoking `function`, paced by `caller` (the service's shared requests per minute).
    public init(invoker: any FunctionInvoker, function: String, caller: RateLimitedCaller<Void>) {
        self.invoker = invoker
        self.function = function
        self.caller = caller
    }

    /// The invocation payload for one chunk (dates as `YYYY-MM-DDT00:00:00Z`, the end exclusive).
    public static func payload(
        tenantID: String, service: String, table: String, start: CivilDate, end: CivilDate, chunkNumber: Int,
        totalChunks: Int
    ) -> JSONValue {
        [
            "tenant_id": .string(tenantID), "service_name": .string(service), "table_name": .string(table),
            "start_date": .string(start.iso8601 + "T00:00:00Z"), "end_date": .string(end.iso8601 + "T00:00:00Z"),
            "backfill_mode": true, "force_full_sync": true, "chunk_number": .int(Int64(chunkNumber)),
            "total_chunks": .int(Int64(totalChunks)),
        ]
    }

    /// Invokes the function for one chunk and returns its records.
    public func fetch(payload: JSONValue) async throws -> FetchedChunk {
        let bytes = payload.serializedBytes()
        let answer = try await caller.call {
            try await invoker.invoke(function: function, payload: bytes, async: false)
        }
        .value
        let parsed = try? JSONParser.parse(answer.payload)
        if let kind = answer.functionError {
            let message =
                parsed?["errorMessage"]?.stringValue ?? String(decoding: answer.payload.prefix(300), as: UTF8.self)
            throw TenantBackfillError(.sourceFailed, "ingestion function \(function) failed (\(kind)): \(message)")
        }
        guard let parsed, let records = Self.records(in: parsed) else {
            let text = String(decoding: answer.payload.prefix(200), as: UTF8.self)
            throw TenantBackfillError(
                .sourceFailed, "ingestion function \(function) answered without a records list: \(text)")
        }
        return FetchedChunk(records: records, pages: 1)
    }

    /// `records` at the top level or inside `body` (an object, or JSON text).
    static func records(in answer: JSONValue) -> [JSONValue]? {
        if let list = answer.arrayValue { return list }
        if let list = answer["records"]?.arrayValue { return list }
        guard let body = answer["body"] else { return nil }
        if let list = body["records"]?.arrayValue { return list }
        if let text = body.stringValue, let inner = try? JSONParser.parse(text) { return inner["records"]?.arrayValue }
        return nil
    }
}
