import BackfillTesting
import Formats
import JSON
import Synchronization
import TenantBackfill
import Testing
import Timekeeping

/// Records uploads in memory: the chunks written to each key, whether it was closed or aborted.
final class MemoryUploader: ObjectUploader {
    struct Upload: Sendable {
        var chunks: [[UInt8]] = []
        var metadata: [String: String]
        var closed = false
        var aborted = false
    }

    let uploads = Mutex<[String: Upload]>([:])
    /// Fail every write after this many chunks (nil: never).
    let failAfter: Int?

    init(failAfter: Int? = nil) { self.failAfter = failAfter }

    func upload(_ key: String, contentType: String, metadata: [String: String]) -> any ObjectUpload {
        uploads.withLock { $0[key] = Upload(metadata: metadata) }
        return MemoryUpload(owner: self, key: key)
    }

    struct MemoryUpload: ObjectUpload {
        let owner: MemoryUploader
        let key: String

        func write(_ chunk: [UInt8]) async throws {
            try owner.uploads.withLock { uploads in
                if let limit = owner.failAfter, uploads[key, default: Upload(metadata: [:])].chunks.count >= limit {
                    throw UploadFailure()
                }
                uploads[key]?.chunks.append(chunk)
            }
        }

        func close() async throws { owner.uploads.withLock { $0[key]?.closed = true } }

        func abort() async { owner.uploads.withLock { $0[key]?.aborted = true } }
    }

    struct UploadFailure: Error {}
}

@Suite("chunk files stream through an uploader while they are encoded")
struct ChunkUploadTests {
    static let chunk = TenantChunk(
        tenantID: "t1", service: "connectwise", table: "service/tickets", jobID: "j",
        start: CivilDate(year: 2023, month: 1, day: 1), end: CivilDate(year: 2023, month: 1, day: 2))

    static func records(_ count: Int) -> [JSONValue] {
        (1...count).map { id in
            ["id": .int(Int64(id)), "_info": ["lastUpdated": "2023-01-01T10:00:00Z"], "summary": .string("t \(id)")]
        }
    }

    @Test("a one-day chunk over the limit is one uploaded Parquet file, closed, with its record count")
    func streamed() async throws {
        let uploader = MemoryUploader()
        let objects = InMemoryObjectStore()
        var settings = try TenantBackfillSettings.defaults.service("connectwise")
        settings.maxRecordsPerChunk = 10
        let writer = TenantChunkWriter(
            settings: settings, objects: objects, time: ManualTimeSource(), uploads: uploader)
        let result = try await writer.write(Self.chunk) { _, limits in
            #expect(limits.maxRecords == nil, "a one-day chunk reads every page")
            return FetchedChunk(records: Self.records(25), pages: 3)
        }
        let key = "t1/raw/connectwise/tickets/2023-01-01_2023-01-02.parquet"
        #expect(result.written == 25 && result.keys == [key])
        let upload = try #require(uploader.uploads.withLock { $0[key] })
        #expect(upload.closed && !upload.aborted)
        #expect(upload.metadata["record-count"] == "25")
        let bytes = upload.chunks.flatMap { $0 }
        #expect(Array(bytes.prefix(4)) == Array("PAR1".utf8) && Array(bytes.suffix(4)) == Array("PAR1".utf8))
        #expect(objects.stored[key] == nil, "not built in memory and put")
    }

    @Test("a failing upload is aborted and the chunk fails")
    func aborted() async throws {
        let uploader = MemoryUploader(failAfter: 0)
        let writer = TenantChunkWriter(
            settings: try TenantBackfillSettings.defaults.service("connectwise"), objects: InMemoryObjectStore(),
            time: ManualTimeSource(), uploads: uploader)
        await #expect(throws: (any Error).self) {
            _ = try await writer.write(Self.chunk) { _, _ in FetchedChunk(records: Self.records(5), pages: 1) }
        }
        let upload = try #require(uploader.uploads.withLock { $0.values.first })
        #expect(upload.aborted && !upload.closed)
    }

    @Test("a chunk of several days stops fetching past max_records_per_chunk and is split")
    func recordLimit() async throws {
        var settings = try TenantBackfillSettings.defaults.service("connectwise")
        settings.maxRecordsPerChunk = 10
        let writer = TenantChunkWriter(settings: settings, objects: InMemoryObjectStore(), time: ManualTimeSource())
        var chunk = Self.chunk
        chunk.end = CivilDate(year: 2023, month: 1, day: 5)
        let result = try await writer.write(chunk) { _, limits in
            #expect(limits.maxRecords == 10)
            var fetched = FetchedChunk(records: Self.records(11), pages: 2)
            fetched.stoppedEarly = true
            fetched.overRecordLimit = true
            return fetched
        }
        #expect(
            result.splitInto == ["service/tickets|2023-01-01..2023-01-03", "service/tickets|2023-01-03..2023-01-05"])
        #expect(!result.timedOut && result.written == 0)
    }
}
