import AWS
import BackfillCore
import BackfillTesting
import Foundation
import HTTP
import JSON
import TenantBackfill
import Testing
import Timekeeping

/// A one-day chunk over `max_records_per_chunk` (the memory budget) spills its records and is written in two
/// passes, streamed through an S3 multipart upload on moto (signature checking on): one object, read back whole,
/// duplicates collapsed and rejects in `_rejected`; a full spill disk fails it with no object left behind.
@Suite("a one-day chunk over the memory budget is written in two passes through a multipart upload")
struct SpilledChunkMotoTests {
    static let bucket = "tenant-spill-lake"
    static let count = 3000
    static let key = "t1/raw/connectwise/tickets/2023-01-01_2023-01-02.parquet"
    static let chunk = TenantChunk(
        tenantID: "t1", service: "connectwise", table: "service/tickets", jobID: "backfill_t1_connectwise_20230101",
        start: CivilDate(year: 2023, month: 1, day: 1), end: CivilDate(year: 2023, month: 1, day: 2))

    /// `count` tickets with 3 KiB of pseudo-random hex each (several MB of gzip Parquet), in pages of 500, with a
    /// newer version of every 100th id at the end and 10 records without an id.
    static func pages() -> [[JSONValue]] {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        let digits = Array("0123456789abcdef".utf8)
        func payload() -> String {
            var bytes: [UInt8] = []
            while bytes.count < 3072 {
                state ^= state << 13
                state ^= state >> 7
                state ^= state << 17
                for shift in stride(from: 0, to: 64, by: 4) { bytes.append(digits[Int((state >> UInt64(shift)) & 15)]) }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        var records: [JSONValue] = (1...count).map { id in
            ["id": .int(Int64(id)), "payload": .string(payload()), "_info": ["lastUpdated": "2023-01-01T01:00:00Z"]]
        }
        records += stride(from: 100, through: count, by: 100).map { id in
            ["id": .int(Int64(id)), "payload": "newer", "_info": ["lastUpdated": "2023-01-01T02:00:00Z"]]
        }
        records += (1...10).map { ["summary": .string("no id \($0)")] }
        return stride(from: 0, to: records.count, by: 500).map { Array(records[$0..<min($0 + 500, records.count)]) }
    }

    static func writer(_ s3: S3Client, spillDirectory: String, spillByteLimit: Int? = nil) throws -> TenantChunkWriter {
        var settings = try TenantBackfillSettings.defaults.service("connectwise")
        settings.maxRecordsPerChunk = 1000
        var writer = TenantChunkWriter(
            settings: settings, objects: S3ObjectStore(s3: s3, bucket: Self.bucket), time: ManualTimeSource(),
            uploads: S3ObjectUploader(s3: s3, bucket: Self.bucket, partSize: 5 << 20))
        writer.spillDirectory = spillDirectory
        writer.spillByteLimit = spillByteLimit
        return writer
    }

    static let fetch: TenantChunkWriter.PagedFetch = { _, limits, page in
        #expect(limits.maxRecords == nil, "a one-day chunk reads every page")
        let pages = Self.pages()
        for records in pages { try await page(records) }
        return FetchedChunk(pages: pages.count)
    }

    @Test("one multipart object with every id once, the rejects beside it, no spill file left")
    func twoPassMultipart() async throws {
        let spill = FileManager.default.temporaryDirectory.appendingPathComponent("spill-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: spill, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: spill) }
        try await MotoServer.withServer { moto in
            try await CurlHTTPClient.withClient { http in
                let client = AWSClient(configuration: moto.configuration(), transport: http)
                let s3 = S3Client(client: client)
                try await s3.createBucket(Self.bucket)

                // A spill disk too small: the chunk fails naming the spill file, the upload is aborted.
                let small = try Self.writer(s3, spillDirectory: spill, spillByteLimit: 1 << 20)
                await #expect(throws: TenantBackfillError.self) {
                    _ = try await small.write(Self.chunk, fetch: Self.fetch)
                }
                #expect(try await s3.headObject(bucket: Self.bucket, key: Self.key) == nil)
                #expect(try FileManager.default.contentsOfDirectory(atPath: spill).isEmpty)

                let result = try await Self.writer(s3, spillDirectory: spill).write(Self.chunk, fetch: Self.fetch)
                #expect(result.splitInto.isEmpty && result.keys == [Self.key])
                #expect(result.fetched == Self.count + 40 && result.written == Self.count)
                #expect(result.duplicates == 30 && result.rejected == 10)
                #expect(try FileManager.default.contentsOfDirectory(atPath: spill).isEmpty, "spill file removed")
                let head = try #require(try await s3.headObject(bucket: Self.bucket, key: Self.key))
                let parts = head.eTag?.split(separator: "-").last.flatMap { Int($0) }
                #expect((parts ?? 0) >= 2, "uploaded in parts: ETag \(head.eTag ?? "none")")
                #expect(head.userMetadata["record-count"] == "\(Self.count)")
                let rejected = "t1/raw/connectwise/tickets/_rejected/2023-01-01_2023-01-02.ndjson.gz"
                #expect(try await s3.headObject(bucket: Self.bucket, key: rejected) != nil)
                let read = try await TenantReadBack.read(
                    client, bucket: Self.bucket, prefix: "t1/raw/connectwise/tickets/", idColumn: "id")
                #expect(read["files"] == 1)
                #expect(read["total"]?.intValue == Int64(Self.count))
                #expect(read["distinct_ids"]?.intValue == Int64(Self.count))
            }
        }
    }
}
