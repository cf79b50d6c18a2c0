import BackfillTesting
import ConnectWiseFake
import HTTP
import JSON
import TenantBackfill
import Testing
import Timekeeping

@Suite("ConnectWise dry run: pages counted by `{table}/count` probes")
struct ConnectWiseDryRunTests {
    @Test("one count request a chunk, the estimate from the counts, nothing written")
    func countProbes() async throws {
        try await TenantBackfillHandlerTests.withFake { fake, http in
            let config = #"{"service_settings":{"connectwise":{"page_size":7}}}"#
            let harness = try TenantHarness(fakeEndpoint: fake.endpoint, transport: http, config: config)
            let result = try await harness.run(
                TenantBackfillHandlerTests.event.merging(["chunk_size_days": 10, "dry_run": true]))
            let body = try #require(result["body"])
            #expect(body["message"] == "dry_run" && body["probed"] == true)
            let windows = TenantChunk.windows(
                from: CivilDate(year: 2023, month: 1, day: 1), to: CivilDate(year: 2023, month: 3, day: 2),
                chunkDays: 10)
            let data = ConnectWiseFakeData()
            let expected = windows.reduce(0) { sum, window in
                let count = data.indices(from: window.0.startTimestamp, to: window.1.startTimestamp).count
                return sum + max(1, (count + 6) / 7)
            }
            #expect(body["tables"]?["service/tickets"]?["estimated_requests"]?.intValue == Int64(expected))
            let requests = fake.requests
            #expect(requests.count == windows.count)
            #expect(requests.allSatisfy { $0.table == "service/tickets/count" && $0.status == 200 })
            #expect(harness.objects.stored.isEmpty)
        }
    }
}
