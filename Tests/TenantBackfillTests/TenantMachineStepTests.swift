import BackfillCore
import BackfillTesting
import HTTP
import JSON
import TenantBackfill
import Testing
import Timekeeping

/// The `TenantBackfill` state machine's steps on in-memory doubles: the events, the Plan's S3 list above the
/// threshold, the Pending loop's answers, the chunk's `continue`, and Finalize run twice.
@Suite("tenant-backfill: state machine steps")
struct TenantMachineStepTests {
    static func config(chunkDays: Int) -> String {
        #"{"service_settings":{"acme":{"connector":"lambda","tables":["tickets"],"chunk_size_days":\#(chunkDays),"#
            + #""max_concurrency":8}}}"#
    }

    /// A harness whose ingestion function answers one record a window (after `fetching` ran), failing `window`.
    static func harness(
        chunkDays: Int, failing window: String? = nil, schemas: (any TenantSchemaStore)? = nil,
        time: ManualTimeSource? = nil, jobs: InMemoryJobStore = InMemoryJobStore(),
        heartbeatTick: @escaping @Sendable () async throws -> Void = JobFixtures.neverTick,
        fetching: @escaping @Sendable () async -> Void = {}
    ) async throws -> TenantHarness {
        try await CurlHTTPClient.withClient { http in
            try TenantHarness(
                fakeEndpoint: "http://127.0.0.1:9", transport: http, config: config(chunkDays: chunkDays),
                invoker: RecordingInvoker { _, payload in
                    await fetching()
                    let start = payload["start_date"]?.stringValue ?? ""
                    if start == window {
                        return FunctionAnswer(
                            status: 200, payload: Array(#"{"errorMessage":"down"}"#.utf8), functionError: "Unhandled")
                    }
                    let records: JSONValue = [
                        "records": [["id": 1, "lastUpdated": .string(String(start.prefix(10)) + "T01:00:00Z")]]
                    ]
                    return FunctionAnswer(status: 200, payload: records.serializedBytes())
                }, service: "acme", secret: "{}", time: time, schemas: schemas, jobs: jobs,
                heartbeatTick: heartbeatTick)
        }
    }

    static func plan(start: String, end: String) -> JSONValue {
        ["plan": ["tenant_id": "t1", "service": "acme", "start_date": .string(start), "end_date": .string(end)]]
    }

    @Test("the step events parse; a wrong member is named")
    func events() throws {
        let nested = try TenantBackfillRequest(event: [
            "plan": ["job_id": "j", "tenant_id": "t1", "service": "acme", "chunk_size_days": 7]
        ])
        guard case .plan(let start, let jobID) = nested else { Issue.record("\(nested)"); return }
        #expect(start.tenantID == "t1" && start.chunkSizeDays == 7 && jobID == "j")
        let flat = try TenantBackfillRequest(event: ["plan": true, "tenant_id": "t1", "service": "acme"])
        guard case .plan(_, nil) = flat else { Issue.record("\(flat)"); return }
        #expect(try TenantBackfillRequest(event: ["pending_job_id": "j"]) == .pending(jobID: "j", pass: 0))
        #expect(try TenantBackfillRequest(event: ["pending_job_id": "j", "pass": 4]) == .pending(jobID: "j", pass: 4))
        #expect(try TenantBackfillRequest(event: ["finalize_job_id": "j"]) == .finalize(jobID: "j"))
        let bad: [(JSONValue, String)] = [
            (["pending_job_id": "j", "pass": -1], "pass must be"), (["pending_job_id": ""], "pending_job_id must be"),
            (["finalize_job_id": 3], "finalize_job_id must be"), (["plan": "yes"], "plan must be"),
            (["plan": ["service": "acme"]], "plan needs tenant_id"),
            (["plan": ["tenant_id": "t1", "service": "acme", "chunk_size_days": 0]], "chunk_size_days must be"),
        ]
        for (event, message) in bad {
            do {
                _ = try TenantBackfillRequest(event: event)
                Issue.record("accepted \(event)")
            } catch {
                #expect(error.code == .invalidEvent && error.message.contains(message), "\(error.message)")
            }
        }
    }

    @Test("max_concurrency: 4 by default, set per service, 1–1,000")
    func maxConcurrency() throws {
        #expect(try TenantBackfillSettings.defaults.service("connectwise").maxConcurrency == 4)
        let set = try TenantBackfillSettings.defaults.merged(
            with: ["service_settings": ["servicenow": ["max_concurrency": 16]]])
        #expect(try set.service("servicenow").maxConcurrency == 16)
        do {
            _ = try TenantBackfillSettings.defaults.merged(
                with: ["service_settings": ["servicenow": ["max_concurrency": 0]]])
            Issue.record("accepted max_concurrency 0")
        } catch {
            #expect(error.message.contains("service_settings.servicenow.max_concurrency must be"), "\(error.message)")
        }
    }

    @Test("distributed_threshold: 1,000 by default, set per service, 1–100,000")
    func distributedThresholdSetting() throws {
        #expect(try TenantBackfillSettings.defaults.service("connectwise").distributedThreshold == 1_000)
        let set = try TenantBackfillSettings.defaults.merged(
            with: ["service_settings": ["servicenow": ["distributed_threshold": 50]]])
        #expect(try set.service("servicenow").distributedThreshold == 50)
        do {
            _ = try TenantBackfillSettings.defaults.merged(
                with: ["service_settings": ["servicenow": ["distributed_threshold": 0]]])
            Issue.record("accepted distributed_threshold 0")
        } catch {
            #expect(error.message.contains("servicenow.distributed_threshold must be"), "\(error.message)")
        }
    }

    @Test("above 1,000 chunks the list goes to S3 and the answer says distributed; at 1,000 it is inline")
    func distributedThreshold() async throws {
        let harness = try await Self.harness(chunkDays: 1)
        let big = try await harness.run(Self.plan(start: "2020-01-01", end: "2022-12-31"))
        let days =
            CivilDate(year: 2022, month: 12, day: 31).daysSince1970
            - CivilDate(year: 2020, month: 1, day: 1).daysSince1970
        #expect(big["distributed"] == true && big["chunk_count"]?.intValue == Int64(days) && big["chunks"] == nil)
        #expect(big["max_concurrency"] == 8 && big["pass"] == 0)
        let key = "t1/backfill/backfill_t1_acme_20200101.chunks.json"
        #expect(big["chunks_s3"] == ["bucket": "lake", "key": .string(key)])
        let list = try JSONParser.parse(try #require(harness.objects.stored[key]).body).arrayValue ?? []
        #expect(list.count == days && list.first == "tickets|2020-01-01..2020-01-02")

        let edge = CivilDate(year: 2023, month: 1, day: 1)
        let inline = try await harness.run(Self.plan(start: edge.iso8601, end: edge.adding(days: 1_000).iso8601))
        #expect(inline["distributed"] == false && inline["chunks"]?.arrayValue?.count == 1_000)
        #expect(harness.objects.stored["t1/backfill/backfill_t1_acme_20230101.chunks.json"] == nil)
    }

    @Test("a failing chunk answers continue until its last attempt; Pending lists what is left; gives up at 25")
    func pendingAndContinue() async throws {
        let harness = try await Self.harness(chunkDays: 10, failing: "2024-01-11T00:00:00Z")
        let jobID = "backfill_t1_acme_20240101"
        let plan = try await harness.run(Self.plan(start: "2024-01-01", end: "2024-01-31"))
        #expect(plan["chunks"]?.arrayValue?.count == 3 && plan["job_id"] == .string(jobID))
        let good = try await harness.run(["job_id": .string(jobID), "partition": "tickets|2024-01-01..2024-01-11"])
        #expect(good["body"]?["message"] == "chunk_complete" && good["body"]?["continue"] == nil)
        let bad: JSONValue = ["job_id": .string(jobID), "partition": "tickets|2024-01-11..2024-01-21"]
        for attempt in 1...3 {
            let answer = try await harness.run(bad)
            #expect(answer["body"]?["message"] == "chunk_failed")
            #expect(answer["body"]?["attempts"]?.intValue == Int64(attempt))
            #expect(answer["body"]?["continue"] == (attempt < 3 ? true : nil), "attempt \(attempt)")
            #expect(answer["body"]?["retry_in_seconds"] == (attempt < 3 ? .int(2 << (attempt - 1)) : nil))
        }
        let pending = try await harness.run(["pending_job_id": .string(jobID), "pass": 1])
        #expect(pending["chunks"] == ["tickets|2024-01-21..2024-01-31"] && pending["pass"] == 2)
        let givenUp = try await harness.run(["pending_job_id": .string(jobID), "pass": 24])
        #expect(givenUp["chunks"] == [] && givenUp["gave_up"] == true && givenUp["pass"] == 25)

        let finalized = try await harness.run(["finalize_job_id": .string(jobID)])
        #expect(finalized["status"] == "failed")
        #expect(finalized["unsettled"] == ["tickets|2024-01-21..2024-01-31"])
        #expect(finalized["failed_chunks"]?.arrayValue?.first?["partition"] == "tickets|2024-01-11..2024-01-21")
        #expect(try await harness.jobs.job(id: jobID)?.statusReason?.contains("1 chunks unsettled") == true)
    }

    @Test("a chunk whose fetch outlasts its lease keeps it: the heartbeat renews it and the result is recorded")
    func longChunkKeepsLease() async throws {
        let time = ManualTimeSource(now: TenantHarness.today.startTimestamp + .seconds(3600))
        let jobs = InMemoryJobStore()
        let harness = try await Self.harness(
            chunkDays: 10, time: time, jobs: jobs, heartbeatTick: { await Task.yield() },
            fetching: {
                // 130 s of fetching under the 60 s lease: renewals fall due at 50 s and 100 s.
                for target in [1, 2] {
                    time.advance(by: .seconds(50))
                    let renewed = await JobFixtures.eventually { jobs.writes.renew == target }
                    #expect(renewed, "renewal \(target) during the fetch")
                }
                time.advance(by: .seconds(30))
            })
        let jobID = "backfill_t1_acme_20240101"
        _ = try await harness.run(Self.plan(start: "2024-01-01", end: "2024-01-11"))
        let answer = try await harness.run(["job_id": .string(jobID), "partition": "tickets|2024-01-01..2024-01-11"])
        #expect(answer["body"]?["message"] == "chunk_complete")
        #expect(jobs.writes.renew == 2)
        let state = try #require(try await jobs.job(id: jobID)?.partition("tickets|2024-01-01..2024-01-11"))
        #expect(state.status == .succeeded && state.attempts == 1)
    }

    @Test("Finalize settles a finished job once: running it again triggers nothing more")
    func finalizeIdempotent() async throws {
        let harness = try await Self.harness(chunkDays: 10)
        let jobID = "backfill_t1_acme_20240101"
        _ = try await harness.run(Self.plan(start: "2024-01-01", end: "2024-01-21"))
        for partition in ["tickets|2024-01-01..2024-01-11", "tickets|2024-01-11..2024-01-21"] {
            _ = try await harness.run(["job_id": .string(jobID), "partition": .string(partition)])
        }
        let first = try await harness.run(["finalize_job_id": .string(jobID)])
        let second = try await harness.run(["finalize_job_id": .string(jobID)])
        #expect(first["status"] == "completed" && second["status"] == "completed")
        #expect(
            second["tables"]?["tickets"] == ["chunks": 2, "done": 2, "failed": 0, "records": 2, "status": "complete"])
        #expect(harness.invoker.recorded.filter(\.async).count == 1, "one canonical trigger for the table")
    }
}
