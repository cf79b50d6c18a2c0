public import BackfillCore
import Formats
public import JSON
public import Timekeeping

/// The work of one chunk: fetch every page, clean the records (`ChunkRecords`), write them as gzip Parquet in
/// the table's stable schema under the chunk's deterministic key (with object metadata), and the rejects beside
/// it. A chunk holding more than `max_records_per_chunk` records writes nothing and is split: its two halves join
/// the job as partitions of their own (the runner records the chunk as skipped, "split into …"), down to one day;
/// a one-day chunk still over the limit is written whole (in row groups of 50,000 records), streamed through a
/// multipart upload when `uploads` is set (as in Lambda). A chunk keeping more records than `memoryBudget` (by
/// default `max_records_per_chunk`) spills them to a file under `spillDirectory` and is written in two passes
/// (`ChunkCollector`): memory holds the id map and one row group, not the records.
public struct TenantChunkWriter: Sendable {
    /// Fetches a chunk's records, stopping early at the limits (a source may ignore them).
    public typealias Fetch = @Sendable (TenantChunk, FetchLimits) async throws -> FetchedChunk
    /// Fetches a chunk's records and hands each page to the given closure as it arrives (so no page is held
    /// after it is cleaned); the returned `records` are ignored.
    public typealias PagedFetch =
        @Sendable (TenantChunk, FetchLimits, _ page: ([JSONValue]) async throws -> Void) async throws -> FetchedChunk

    public let settings: TenantBackfillSettings.Service
    public let objects: any ObjectStore
    public let time: any TimeSource
    /// Where chunk files are streamed while they are encoded (S3 multipart); nil builds each file in memory and
    /// puts it whole into `objects`.
    public let uploads: (any ObjectUploader)?
    /// Where the job pins each table's schema with a conditional write; nil pins in `_schema.json` alone.
    public let schemas: (any TenantSchemaStore)?
    /// The most records a chunk keeps in memory before it spills (nil: `max_records_per_chunk`).
    public var memoryBudget: Int?
    /// Where spill files go: Lambda's `/tmp` (512 MB to 10 GB, the function's ephemeral storage).
    public var spillDirectory: String
    /// A cap on a spill file's bytes (nil: the disk's), to test a full disk.
    public var spillByteLimit: Int?

    public init(
        settings: TenantBackfillSettings.Service, objects: any ObjectStore, time: any TimeSource,
        uploads: (any ObjectUploader)? = nil, schemas: (any TenantSchemaStore)? = nil, spillDirectory: String = "/tmp"
    ) {
        self.spillDirectory = spillDirectory
        self.settings = settings
        self.objects = objects
        self.time = time
        self.uploads = uploads
        self.schemas = schemas
    }

    /// Where a table's pinned schema is stored: `{tenant}/raw/{service}/{table_clean}/_schema.json`.
    public static func schemaKey(_ chunk: TenantChunk) -> String {
        TenantRawLayout.tablePrefix(tenantID: chunk.tenantID, service: chunk.service, table: chunk.table)
            + "/_schema.json"
    }

    /// Fetches and writes `chunk` from a fetch answering all its records at once.
    public func write(_ chunk: TenantChunk, fetch: Fetch, stopAt: Timestamp? = nil) async throws -> ChunkResult {
        let paged: PagedFetch = { chunk, limits, page in
            var fetched = try await fetch(chunk, limits)
            try await page(fetched.records)
            fetched.records = []
            return fetched
        }
        return try await write(chunk, fetch: paged, stopAt: stopAt)
    }

    /// Fetches and writes `chunk`. A fetch still running at `stopAt` (the time the chunk may take, or the
    /// invocation's deadline less the time to write) writes nothing: a chunk of several days is split in two
    /// (its halves run as partitions of their own), a one-day chunk fails and is retried.
    /// A chunk of several days stops fetching once it holds more than `max_records_per_chunk` records (it is
    /// split anyway), so at most that many records and a page are in memory; a one-day chunk reads every page,
    /// spilling past `memoryBudget`. The spill file is removed however the chunk ends.
    public func write(_ chunk: TenantChunk, fetch: PagedFetch, stopAt: Timestamp? = nil) async throws -> ChunkResult {
        let limits = FetchLimits(stopAt: stopAt, maxRecords: chunk.halves == nil ? nil : settings.maxRecordsPerChunk)
        let records = ChunkCollector(
            idField: settings.idField, updatedField: settings.updatedField,
            budget: memoryBudget ?? settings.maxRecordsPerChunk, spillDirectory: spillDirectory,
            spillByteLimit: spillByteLimit)
        defer { records.remove() }
        let fetched = try await fetch(chunk, limits) { page in try records.add(contentsOf: page) }
        if fetched.stoppedEarly {
            return try stoppedEarly(chunk, fetched, received: records.receivedCount)
        }
        let extractedAt = time.now
        var result = ChunkResult()
        result.fetched = records.receivedCount
        result.pages = fetched.pages
        result.throttles = fetched.throttles
        result.duplicates = records.duplicateCount
        if records.keptCount > settings.maxRecordsPerChunk, let (first, second) = chunk.halves {
            result.splits = 1
            result.splitInto = [first.partitionKey, second.partitionKey]
            return result
        }
        let rejected = records.rejected
        result.rejected = rejected.count
        let rejectedKey = TenantRawLayout.rejectedKey(
            tenantID: chunk.tenantID, service: chunk.service, table: chunk.table, start: chunk.start, end: chunk.end)
        if rejected.isEmpty {
            try await objects.delete(rejectedKey)
        } else {
            let sink = MemoryByteSink()
            _ = try await RejectedRecordsWriter.write(rejected, chunk: metadata(chunk, extractedAt), sink: sink)
            try await objects.put(
                rejectedKey, body: await sink.bytes, contentType: "application/x-ndjson",
                metadata: objectMetadata(chunk, count: rejected.count))
        }
        guard records.keptCount > 0 else { return result }
        let columns = try await schema(for: chunk) { try await records.pinSchema() }
        let written: ChunkResult
        if records.isSpilled {
            written = try await writeFile(chunk, count: records.keptCount, columns: columns, extractedAt: extractedAt) {
                try await records.write(into: $0)
            }
        } else {
            written = try await writeSplitting(chunk, records.records, columns: columns, extractedAt: extractedAt)
        }
        result.written = written.written
        result.splits = written.splits
        result.keys = written.keys
        return result
    }

    /// The result of a chunk whose fetch stopped early (out of time, or over the record limit): its halves, or
    /// an error for one day.
    func stoppedEarly(_ chunk: TenantChunk, _ fetched: FetchedChunk, received: Int) throws -> ChunkResult {
        guard let (first, second) = chunk.halves else {
            throw TenantBackfillError(
                .sourceFailed,
                "chunk \(chunk.partitionKey) (one day) was still fetching after \(fetched.pages) pages when its time "
                    + "ran out; it is retried whole")
        }
        var result = ChunkResult()
        result.fetched = received
        result.pages = fetched.pages
        result.throttles = fetched.throttles
        result.splits = 1
        result.timedOut = !fetched.overRecordLimit
        result.splitInto = [first.partitionKey, second.partitionKey]
        return result
    }

    /// Writes `records` for `chunk`, in halves while there are more than the maximum and more than one day.
    func writeSplitting(
        _ chunk: TenantChunk, _ records: [ChunkRecords.Record], columns: RowSchema, extractedAt: Timestamp
    ) async throws -> ChunkResult {
        if records.count > settings.maxRecordsPerChunk, let (first, second) = chunk.halves {
            let boundary = second.start.startTimestamp
            var result = ChunkResult()
            result.splits = 1
            result.add(
                try await writeSplitting(
                    first, records.filter { $0.updated < boundary }, columns: columns, extractedAt: extractedAt))
            result.add(
                try await writeSplitting(
                    second, records.filter { $0.updated >= boundary }, columns: columns, extractedAt: extractedAt))
            return result
        }
        guard !records.isEmpty else { return ChunkResult() }
        return try await writeFile(chunk, count: records.count, columns: columns, extractedAt: extractedAt) {
            try await $0.write(records: records)
        }
    }

    /// The declared schema, else the one pinned by an earlier chunk, else one pinned from these records (and
    /// stored for the chunks after it). With a schema store the job's pin decides: the table's `_schema.json`
    /// (from an earlier job) or these records' schema is pinned with a conditional write, and a chunk that loses
    /// the race uses the winner's; `_schema.json` then holds the pinned schema.
    func schema(for chunk: TenantChunk, pin: () async throws -> RowSchema?) async throws -> RowSchema {
        if let declared = settings.schemas[chunk.table] { return declared }
        let key = Self.schemaKey(chunk)
        if let schemas {
            if let pinned = try await schemas.pinned(jobID: chunk.jobID, table: chunk.table) {
                return try TenantTableSchema.dataColumns(from: pinned)
            }
            let candidate: JSONValue
            if try await objects.exists(key) {
                candidate = try JSONParser.parse(try await objects.getBytes(key))
            } else {
                let pinned = try await pin() ?? RowSchema([.init(settings.idField, .string)])
                candidate = TenantTableSchema.json(of: pinned)
            }
            let winner = try await schemas.pin(jobID: chunk.jobID, table: chunk.table, schema: candidate)
            let stored = try await objects.exists(key)
            if winner != candidate || !stored {
                try await objects.put(key, body: winner.serializedBytes(), contentType: "application/json")
            }
            return try TenantTableSchema.dataColumns(from: winner)
        }
        if try await objects.exists(key) {
            return try TenantTableSchema.dataColumns(from: try JSONParser.parse(try await objects.getBytes(key)))
        }
        guard let pinned = try await pin() else {
            return try RowSchema([.init(settings.idField, .string)])
        }
        try await objects.put(
            key, body: TenantTableSchema.json(of: pinned).serializedBytes(), contentType: "application/json")
        return pinned
    }
}
