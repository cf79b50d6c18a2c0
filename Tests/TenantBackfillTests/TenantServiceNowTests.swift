import BackfillTesting
import HTTP
import JSON
import ServiceNowFake
import TenantBackfill
import Testing
import Timekeeping

@Suite("tenant-backfill with the ServiceNow connector over its fake")
struct TenantServiceNowTests {
    @Test("offsets, X-Total-Count and Link are followed; every record of the window is written once")
    func serviceNow() async throws {
        var options = ServiceNowFake.Options()
        options.shiftingPages = 1
        let fake = try ServiceNowFake(options: options)
        defer { fake.stop() }
        try await CurlHTTPClient.withClient { http in
            let secret = #"{"instance_url":"\#(fake.endpoint)","username":"svc-backfill","password":"fake-password"}"#
            let config = #"{"service_settings":{"servicenow":{"page_size":3}}}"#
            let harness = try TenantHarness(
                fakeEndpoint: fake.endpoint, transport: http, config: config, service: "servicenow", secret: secret)
            let result = try await harness.run([
                "tenant_id": "t1", "service": "servicenow", "table_name": "incident", "start_date": "2024-01-01",
                "end_date": "2024-03-01", "chunk_size_days": 14,
            ])
            #expect(result["statusCode"] == 200)
            let expected = ServiceNowFakeData().indices(
                from: CivilDate(year: 2024, month: 1, day: 1).startTimestamp,
                to: CivilDate(year: 2024, month: 3, day: 1).startTimestamp
            ).count
            let incident = try #require(result["body"]?["tables"]?["incident"])
            #expect(incident["written"]?.intValue == Int64(expected))
            #expect((incident["pages"]?.intValue ?? 0) > 10 && (incident["duplicates"]?.intValue ?? 0) > 0)
            #expect(harness.objects.stored["t1/raw/servicenow/incident/2024-01-01_2024-01-15.parquet"] != nil)
            #expect(harness.invoker.recorded.map(\.function) == ["avesa-canonical-transform-incident-test"])
            #expect(harness.markers.value("t1", "servicenow#incident") == "2024-03-01T00:00:00Z")
        }
    }

    @Test("a dry run estimates requests from X-Total-Count probes and writes nothing")
    func dryRunProbes() async throws {
        let fake = try ServiceNowFake()
        defer { fake.stop() }
        try await CurlHTTPClient.withClient { http in
            let secret = #"{"instance_url":"\#(fake.endpoint)","username":"svc-backfill","password":"fake-password"}"#
            let config = #"{"service_settings":{"servicenow":{"page_size":3}}}"#
            let harness = try TenantHarness(
                fakeEndpoint: fake.endpoint, transport: http, config: config, service: "servicenow", secret: secret)
            let result = try await harness.run([
                "tenant_id": "t1", "service": "servicenow", "table_name": "incident", "start_date": "2024-01-01",
                "end_date": "2024-03-01", "chunk_size_days": 14, "dry_run": true,
            ])
            let body = try #require(result["body"])
            #expect(body["message"] == "dry_run" && body["probed"] == true)
            let data = ServiceNowFakeData()
            let expected = TenantChunk.windows(
                from: CivilDate(year: 2024, month: 1, day: 1), to: CivilDate(year: 2024, month: 3, day: 1),
                chunkDays: 14
            ).reduce(0) { sum, window in
                let count = data.indices(from: window.0.startTimestamp, to: window.1.startTimestamp).count
                return sum + max(1, (count + 2) / 3)
            }
            #expect(body["tables"]?["incident"]?["estimated_requests"]?.intValue == Int64(expected))
            #expect(harness.objects.stored.isEmpty)
        }
    }
}
