import BackfillTesting
import ConnectWiseFake
import Foundation
import HTTP
import JSON
import Testing
import Timekeeping

@testable import TenantBackfill

/// Through the handler: a one-day chunk over `max_records_per_chunk` takes its pages from the ConnectWise fake one
/// at a time, spills past the budget (into /tmp: the handler's default) and writes the same file the one-pass path
/// writes. That the spill happens is shown with a spill directory of its own in `TwoPassChunkTests` (tests running
/// in parallel here spill into /tmp too).
@Suite("tenant-backfill handler: a one-day chunk over the limit spills and is written in two passes")
struct TenantSpilledChunkHandlerTests {
    static let event: JSONValue = [
        "tenant_id": "t1", "service": "connectwise", "table_name": "service/tickets", "start_date": "2023-01-01",
        "end_date": "2023-01-02", "chunk_size_days": 1,
    ]
    static let key = "t1/raw/connectwise/tickets/2023-01-01_2023-01-02.parquet"

    static func config(maxRecords: Int) -> String {
        #"{"service_settings":{"connectwise":{"max_records_per_chunk":\#(maxRecords),"page_size":10}}}"#
    }

    static func spillFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: "/tmp").filter {
            $0.hasPrefix(SpillFile.prefix + SpillFile.processToken + "-")
        }
    }

    @Test("same counts and the same Parquet bytes as the one-pass path; no spill file left in /tmp")
    func sameAsOnePass() async throws {
        var options = ConnectWiseFake.Options()
        options.data = ConnectWiseFakeData(span: .seconds(86_400), count: 60)
        options.shiftingPages = 2
        let fake = try ConnectWiseFake(options: options)
        defer { fake.stop() }
        try await CurlHTTPClient.withClient { http in
            let onePass = try TenantHarness(
                fakeEndpoint: fake.endpoint, transport: http, config: Self.config(maxRecords: 1000))
            let twoPass = try TenantHarness(
                fakeEndpoint: fake.endpoint, transport: http, config: Self.config(maxRecords: 20))
            let whole = try await onePass.run(Self.event)
            let spilled = try await twoPass.run(Self.event)
            #expect(spilled["statusCode"] == 200)
            let tickets = try #require(spilled["body"]?["tables"]?["service/tickets"])
            #expect(tickets == whole["body"]?["tables"]?["service/tickets"])
            #expect(tickets["written"] == 60 && tickets["splits"] == 0)
            #expect((tickets["duplicates"]?.intValue ?? 0) > 0, "shifting pages sent some records twice")
            #expect((tickets["pages"]?.intValue ?? 0) >= 6, "60 records in pages of 10")
            let one = try #require(onePass.objects.stored[Self.key]?.body)
            let two = try #require(twoPass.objects.stored[Self.key]?.body)
            let sameBytes = one == two
            #expect(sameBytes, "the same file, byte for byte (\(one.count) and \(two.count) bytes)")
            #expect(try Self.spillFiles().isEmpty)
        }
    }

    @Test("TENANT_SPILL_DIR moves the spill file: the chunk spills there, and fails naming it once it is gone")
    func spillDirectory() async throws {
        var options = ConnectWiseFake.Options()
        options.data = ConnectWiseFakeData(span: .seconds(86_400), count: 60)
        let fake = try ConnectWiseFake(options: options)
        defer { fake.stop() }
        let directory = NSTemporaryDirectory() + "spill-dir-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await CurlHTTPClient.withClient { http in
            let harness = try TenantHarness(
                fakeEndpoint: fake.endpoint, transport: http, config: Self.config(maxRecords: 20),
                environment: ["TENANT_SPILL_DIR": directory])
            let written = try await harness.run(Self.event)
            #expect(written["statusCode"] == 200)
            #expect(written["body"]?["tables"]?["service/tickets"]?["written"] == 60)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty, "spill file removed")

            // A handler configured with the directory, which is then removed: the spill fails naming its path.
            let moved = try TenantHarness(
                fakeEndpoint: fake.endpoint, transport: http, config: Self.config(maxRecords: 20),
                environment: ["TENANT_SPILL_DIR": directory])
            try FileManager.default.removeItem(atPath: directory)
            let failed = try await moved.run(Self.event)
            #expect(failed["statusCode"] != 200)
            #expect(failed.serialized().contains(directory), "the failure names \(directory): \(failed.serialized())")
            #expect(moved.objects.stored[Self.key] == nil)
        }
    }
}
