import AWS
import BackfillCore
import BackfillTesting
import HTTP
import JSON
import TenantBackfill
import Testing
import Timekeeping

/// A one-day chunk over `max_records_per_chunk` cannot be split further: it is written whole, streamed through
/// an S3 multipart upload on moto (signature checking on) while it is encoded, and reads back as one table.
@Suite("a one-day chunk too big to split streams through a multipart upload")
struct MultipartChunkTests {
    static let bucket = "tenant-lake"
    static let count = 4000

    /// `count` records updated on 2023-01-01, each with 4 KiB of pseudo-random hex (about 8 MB of gzip Parquet,
    /// so more than one 5 MiB part).
    static func records() -> [JSONValue] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let digits = Array("0123456789abcdef".utf8)
        return (1...count).map { id in
            var payload: [UInt8] = []
            payload.reserveCapacity(4096)
            while payload.count < 4096 {
                state &+= 0x9E37_79B9_7F4A_7C15
                var mixed = (state ^ (state >> 30)) &* 0xBF58_476D_1CE4_E5B9
                mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
                for shift in stride(from: 0, to: 64, by: 4) {
                    payload.append(digits[Int((mixed >> UInt64(shift)) & 15)])
                }
            }
            return [
                "id": .int(Int64(id)), "summary": .string("ticket \(id)"),
                "_info": ["lastUpdated": .string("2023-01-01T\(String(format2: id % 24)):00:00Z")],
                "payload": .string(String(decoding: payload, as: UTF8.self)),
            ]
        }
    }

    @Test("one object, uploaded in parts, with its record count, read back whole by pyarrow and duckdb")
    func oneDayMultipart() async throws {
        let records = Self.records()
        try await MotoServer.withServer { moto in
            try await CurlHTTPClient.withClient { http in
                let client = AWSClient(configuration: moto.configuration(), transport: http)
                let s3 = S3Client(client: client)
                try await s3.createBucket(Self.bucket)
                var settings = try TenantBackfillSettings.defaults.service("connectwise")
                settings.maxRecordsPerChunk = 1000
                let writer = TenantChunkWriter(
                    settings: settings, objects: S3ObjectStore(s3: s3, bucket: Self.bucket), time: ManualTimeSource(),
                    uploads: S3ObjectUploader(s3: s3, bucket: Self.bucket, partSize: 5 << 20))
                let chunk = TenantChunk(
                    tenantID: "t1", service: "connectwise", table: "service/tickets",
                    jobID: "backfill_t1_connectwise_20230101", start: CivilDate(year: 2023, month: 1, day: 1),
                    end: CivilDate(year: 2023, month: 1, day: 2))
                let result = try await writer.write(chunk) { _, _ in FetchedChunk(records: records, pages: 4) }
                let key = "t1/raw/connectwise/tickets/2023-01-01_2023-01-02.parquet"
                #expect(result.splitInto.isEmpty)
                #expect(result.written == Self.count)
                #expect(result.keys == [key])
                let head = try #require(try await s3.headObject(bucket: Self.bucket, key: key))
                // A multipart object's ETag is `{md5 of the part md5s}-{parts}`.
                let parts = head.eTag?.split(separator: "-").last.flatMap { Int($0) }
                #expect((parts ?? 0) >= 2, "uploaded in parts: ETag \(head.eTag ?? "none")")
                #expect(head.userMetadata["record-count"] == "\(Self.count)")
                #expect(head.userMetadata["chunk"] == "2023-01-01..2023-01-02")
                let read = try await TenantReadBack.read(
                    client, bucket: Self.bucket, prefix: "t1/raw/connectwise/tickets/", idColumn: "id")
                #expect(read["files"] == 1)
                #expect(read["total"]?.intValue == Int64(Self.count))
                #expect(read["distinct_ids"]?.intValue == Int64(Self.count))
            }
        }
    }
}

extension String {
    /// Two digits, zero-padded.
    fileprivate init(format2 value: Int) {
        self = value < 10 ? "0\(value)" : "\(value)"
    }
}
