import BackfillTesting
import JSON
import Synchronization
import TenantBackfill
import Testing
import Timekeeping

@Suite("tenant-initiator: validation, the cap, one per tenant + service, the queue")
struct TenantInitiatorTests {
    static let parsed: [(JSONValue, TenantInitiatorRequest)] = [
        (["auto_detect": true], .autoDetect),
        (["source": "aws.events", "detail-type": "Scheduled Event"], .autoDetect),
        (["start_queued": true], .startQueued(finishedJobID: nil)),
        (["start_queued": true, "finished_job_id": "j1"], .startQueued(finishedJobID: "j1")),
    ]
    static let refused: [(JSONValue, String)] = [
        (["service": "connectwise"], "tenant_id"),
        (["tenant_id": "t1"], "service is required"),
        (["tenant_id": "t1", "service": "connectwise", "chunk_size_days": 0], "chunk_size_days"),
        (["tenant_id": "t1", "service": "connectwise", "start_date": "2024-13-01"], "start_date"),
        (
            ["tenant_id": "t1", "service": "connectwise", "start_date": "2024-02-01", "end_date": "2024-01-01"],
            "must be before end_date"
        ),
        (["auto_detect": false], "auto_detect"),
    ]

    static func ids(_ list: JSONValue?) -> [String] {
        (list?.arrayValue ?? []).compactMap { $0["job_id"]?.stringValue }
    }

    @Test("events parse to what they ask for", arguments: parsed)
    func parses(event: JSONValue, expected: TenantInitiatorRequest) throws {
        #expect(try TenantInitiatorRequest(event: event) == expected)
    }

    @Test("bad manual fields name the field", arguments: refused)
    func badFields(event: JSONValue, names: String) {
        #expect(throws: TenantBackfillError.self) { try TenantInitiatorRequest(event: event) }
        do {
            _ = try TenantInitiatorRequest(event: event)
        } catch {
            #expect(error.code == .invalidEvent && error.message.contains(names), "\(error.message)")
        }
    }

    @Test("unknown, disabled and credential-less services are refused with what to fix")
    func refusals() async throws {
        let harness = try InitiatorHarness(tenants: 3, disabled: ["t2"], noSecret: ["t3"])
        let cases: [(JSONValue, String)] = [
            (InitiatorHarness.manual("t9"), "unknown tenant or service"),
            (InitiatorHarness.manual("t1", "salesforce-x"), "unknown tenant or service"),
            (InitiatorHarness.manual("t2"), "disabled"),
            (InitiatorHarness.manual("t3"), "secret_name is missing"),
        ]
        for (event, expected) in cases {
            await #expect(throws: TenantBackfillError.self) { _ = try await harness.run(event) }
            do {
                _ = try await harness.run(event)
            } catch let error as TenantBackfillError {
                #expect(error.code == .invalidEvent && error.message.contains(expected), "\(error.message)")
            }
        }
        #expect(harness.starter.calls.isEmpty)
    }

    @Test("a manual start runs the execution named by the job id, with the plan's window")
    func manualStart() async throws {
        let harness = try InitiatorHarness()
        let result = try await harness.run(InitiatorHarness.manual("t1"))
        #expect(Self.ids(result["started"]) == ["backfill_t1_connectwise_20240101"])
        let input = try JSONParser.parse(try #require(harness.starter.executions["backfill_t1_connectwise_20240101"]))
        #expect(input["job_id"] == "backfill_t1_connectwise_20240101" && input["end_date"] == "2024-06-01")
        // Started again: the same execution, one slot.
        let again = try await harness.run(InitiatorHarness.manual("t1"))
        #expect(Self.ids(again["started"]) == ["backfill_t1_connectwise_20240101"])
        #expect(harness.starter.executions.count == 1 && harness.slots.slots.running.count == 1)
    }

    @Test("the sixth job and a second job of a running tenant + service queue; finishing starts them oldest first")
    func capAndQueue() async throws {
        let harness = try InitiatorHarness()
        for index in 1...6 { _ = try await harness.run(InitiatorHarness.manual("t\(index)")) }
        harness.clock.advance(by: .seconds(1))
        let second = try await harness.run(InitiatorHarness.manual("t1", start: "2023-01-01"))
        #expect(second["queued"]?.arrayValue?.first?["reason"]?.stringValue?.contains("already running") == true)
        #expect(harness.starter.executions.count == 5)
        #expect(
            harness.slots.slots.queued.map(\.jobID) == [
                "backfill_t6_connectwise_20240101", "backfill_t1_connectwise_20230101",
            ])

        // t1's first job ends: one slot frees and t6, queued first, takes it; t1's second waits for the next.
        let after = try await harness.run(["start_queued": true, "finished_job_id": "backfill_t1_connectwise_20240101"])
        #expect(Self.ids(after["started"]) == ["backfill_t6_connectwise_20240101"])
        let next = try await harness.run(["start_queued": true, "finished_job_id": "backfill_t2_connectwise_20240101"])
        #expect(Self.ids(next["started"]) == ["backfill_t1_connectwise_20230101"])
        #expect(harness.slots.slots.queued.isEmpty && harness.slots.slots.running.count == 5)
    }

    @Test("two initiators at once never exceed the cap")
    func concurrentInitiators() async throws {
        let harness = try InitiatorHarness(tenants: 8)
        try await withThrowingTaskGroup(of: JSONValue.self) { group in
            for index in 1...8 {
                for service in ["connectwise", "servicenow"] {
                    group.addTask { try await harness.run(InitiatorHarness.manual("t\(index)", service)) }
                }
            }
            for try await _ in group {}
        }
        #expect(harness.starter.executions.count == 5)
        #expect(harness.slots.slots.running.count == 5 && harness.slots.slots.queued.count == 11)
    }

    @Test("a failed StartExecution gives the slot back")
    func failedStart() async throws {
        let harness = try InitiatorHarness()
        harness.starter.state.withLock { _ = $0.failing.insert("backfill_t1_connectwise_20240101") }
        await #expect(throws: TenantBackfillError.self) { _ = try await harness.run(InitiatorHarness.manual("t1")) }
        #expect(harness.slots.slots.running.isEmpty)
    }

    @Test("a queued job whose start fails stays queued, first in line, and starts on the next start_queued")
    func failedQueuedStartStaysQueued() async throws {
        let harness = try InitiatorHarness(maxConcurrent: 1)
        _ = try await harness.run(InitiatorHarness.manual("t1"))
        _ = try await harness.run(InitiatorHarness.manual("t2"))
        _ = try await harness.run(InitiatorHarness.manual("t3"))
        harness.starter.state.withLock { _ = $0.failing.insert("backfill_t2_connectwise_20240101") }
        let failed = try await harness.run([
            "start_queued": true, "finished_job_id": "backfill_t1_connectwise_20240101",
        ])
        #expect(Self.ids(failed["failed"]) == ["backfill_t2_connectwise_20240101"])
        #expect(harness.slots.slots.running.isEmpty)
        #expect(
            harness.slots.slots.queued.map(\.jobID).sorted() == [
                "backfill_t2_connectwise_20240101", "backfill_t3_connectwise_20240101",
            ])
        harness.starter.state.withLock { _ = $0.failing.remove("backfill_t2_connectwise_20240101") }
        let retried = try await harness.run(["start_queued": true])
        #expect(Self.ids(retried["started"]) == ["backfill_t2_connectwise_20240101"], "t2 was queued first")
    }

    @Test("auto-detect starts new services only, and says why every other one was skipped")
    func autoDetect() async throws {
        let today = TenantHarness.today.startTimestamp
        let connected: [String: Timestamp] = [
            "t1": today - .seconds(86_400), "t2": today - .seconds(30 * 86_400), "t3": today - .seconds(3600),
            "t4": today - .seconds(3600), "t5": today - .seconds(3600), "t6": today - .seconds(3600),
        ]
        let entries = (1...7).map { index in
            let tenant = "t\(index)"
            return DetectedService(
                item: TenantServiceItem(
                    tenantID: tenant, service: "connectwise", enabled: tenant != "t3",
                    secretName: tenant == "t4" ? nil : "tenants/\(tenant)/connectwise"),
                connectedAt: connected[tenant])
        }
        let discovery = MemoryDiscovery(
            entries: entries, statuses: ["t5:connectwise": "completed", "t6:connectwise": "running"])
        let harness = try InitiatorHarness(tenants: 7, disabled: ["t3"], noSecret: ["t4"], discovery: discovery)
        let result = try await harness.run(["auto_detect": true])
        #expect(Self.ids(result["started"]).count == 1)
        #expect(Self.ids(result["started"]).first?.hasPrefix("backfill_t1_connectwise_") == true)
        let reasons = Dictionary(
            uniqueKeysWithValues: (result["skipped"]?.arrayValue ?? []).compactMap { entry in
                entry["tenant_id"]?.stringValue.map { ($0, entry["reason"]?.stringValue ?? "") }
            })
        #expect(reasons["t2"] == "connected more than 7 days ago")
        #expect(reasons["t3"] == "disabled")
        #expect(reasons["t4"]?.contains("secret_name is missing") == true)
        #expect(reasons["t5"] == "a backfill job is already completed")
        #expect(reasons["t6"] == "a backfill job is already running")
        #expect(reasons["t7"] == "no connected_at")
        #expect(harness.starter.executions.count == 1)
    }

    @Test("start_queued frees the slots of executions that ended without their last step")
    func reclaimsEndedExecutions() async throws {
        let harness = try InitiatorHarness(maxConcurrent: 2)
        for index in 1...3 { _ = try await harness.run(InitiatorHarness.manual("t\(index)")) }
        #expect(try await harness.run(["start_queued": true])["started"] == [])
        harness.starter.state.withLock { _ = $0.ended.insert("backfill_t2_connectwise_20240101") }
        let result = try await harness.run(["start_queued": true])
        #expect(result["released"] == ["backfill_t2_connectwise_20240101"])
        #expect(Self.ids(result["started"]) == ["backfill_t3_connectwise_20240101"])
        #expect(
            harness.slots.slots.running.map(\.jobID).sorted() == [
                "backfill_t1_connectwise_20240101", "backfill_t3_connectwise_20240101",
            ])
    }
}
