import BackfillTesting
import JSON
import TenantBackfill
import Testing
import Timekeeping

/// The initiator's scheduled run writes the age of every job holding a slot, so the 20-hour alarm fires for a
/// job whose chunks stopped running (no chunk invocation writes it then).
@Suite("tenant-initiator: job ages on the schedule")
struct TenantInitiatorMetricsTests {
    @Test("auto_detect emits JobAgeSeconds per running job, with its tenant, service and job id")
    func ages() async throws {
        let harness = try InitiatorHarness(tenants: 2, discovery: MemoryDiscovery(entries: [], statuses: [:]))
        let capture = LogCapture()
        var initiator = harness.initiator
        initiator.metrics = capture.metrics
        _ = try await initiator.run(try TenantInitiatorRequest(event: InitiatorHarness.manual("t1")))
        _ = try await initiator.run(try TenantInitiatorRequest(event: InitiatorHarness.manual("t2", "servicenow")))
        #expect(capture.lines.isEmpty, "a manual start writes no age")
        harness.clock.advance(by: .seconds(21 * 3600))
        _ = try await initiator.run(try TenantInitiatorRequest(event: ["auto_detect": true]))
        let lines = try capture.lines.map { try JSONParser.parse(Array($0.utf8)) }
        #expect(lines.count == 2)
        let ages = Dictionary(
            uniqueKeysWithValues: lines.compactMap { line in
                line["JobId"]?.stringValue.map { ($0, line) }
            })
        let t1 = try #require(ages["backfill_t1_connectwise_20240101"])
        #expect(t1["JobAgeSeconds"] == 75_600 && t1["Tenant"] == "t1" && t1["Service"] == "connectwise")
        #expect(ages["backfill_t2_servicenow_20240101"]?["Service"] == "servicenow")
        let definition = t1["_aws"]?["CloudWatchMetrics"]?.arrayValue?.first
        #expect(definition?["Namespace"] == "Backfill/TenantJobs")
        #expect(definition?["Dimensions"] == [["Tenant", "Service", "JobId"], []])
    }
}
