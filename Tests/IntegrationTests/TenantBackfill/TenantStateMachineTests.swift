import AWS
import BackfillCore
import BackfillTesting
import JSON
import TenantBackfill
import Testing

/// The `TenantBackfill` state machine of template.yaml executed by moto's interpreter with the real
/// `tenant-backfill` and `tenant-initiator` behind its tasks: Plan → Map (inline) → Pending loop → Finalize →
/// StartQueued. One execution at a time (moto answers 500 to a second StartExecution while one runs).
@Suite("TenantBackfill executed by moto", .serialized)
struct TenantStateMachineTests {
    static let acmeConfig =
        #"{"service_settings":{"acme":{"tables":["events"],"chunk_size_days":30,"#
        + #""rate_limit_requests_per_minute":6000,"max_concurrency":2}}}"#

    @Test("started by tenant-initiator: every chunk's Parquet, trigger, marker, summary, and the slot handed back")
    func success() async throws {
        try await TenantMachineStage.with { stage in
            let jobID = "backfill_t1_connectwise_20230101"
            let started = try await stage.initiator.initiator.run(
                try TenantInitiatorRequest(event: [
                    "tenant_id": "t1", "service": "connectwise", "tables": ["service/tickets"],
                    "start_date": "2023-01-01", "end_date": "2023-04-01", "chunk_size_days": 30,
                ]))
            let arn = try #require(started["started"]?.arrayValue?.first?["execution_arn"]?.stringValue, "\(started)")
            let execution = try await stage.wait(arn)
            #expect(execution.status == "SUCCEEDED", "\(execution)")
            let output = try JSONParser.parse(execution.output ?? "")
            #expect(output["finalize"]?["status"] == "completed")
            #expect(output["finalize"]?["tables"]?["service/tickets"]?["done"] == 3)

            let keys = try await stage.stack.parquetKeys()
            #expect(
                Set(keys) == [
                    "t1/raw/connectwise/tickets/2023-01-01_2023-01-31.parquet",
                    "t1/raw/connectwise/tickets/2023-01-31_2023-03-02.parquet",
                    "t1/raw/connectwise/tickets/2023-03-02_2023-04-01.parquet",
                ], "\(keys)")
            #expect(try await stage.summary(jobID)["tables"]?["service/tickets"]?["status"] == "complete")
            #expect(try await stage.job(jobID)?.status == .completed)
            let marker = try await stage.stack.withClient { client in
                try await DynamoDBClient(client: client).getItem(
                    table: "LastUpdated", key: ["tenant_id": "t1", "table_name": "connectwise#tickets"])
            }
            #expect(marker?["last_updated"]?.stringValue == "2023-04-01T00:00:00Z")
            let triggers = stage.stack.lambda.invocations.filter { $0.invocationType == "Event" }
            #expect(triggers.map(\.function) == ["avesa-canonical-transform-tickets-test"])

            let calls = stage.machine.invocations
            #expect(calls.first?.payloadJSON["plan"]?["job_id"]?.stringValue == jobID)
            #expect(calls.filter { $0.payloadJSON["partition"] != nil }.count == 3)
            #expect(calls.contains { $0.payloadJSON["finalize_job_id"]?.stringValue == jobID })
            let last = try #require(calls.last)
            #expect(last.function == "TenantInitiatorFunction")
            #expect(last.payloadJSON["start_queued"] == true && last.payloadJSON["finished_job_id"] == .string(jobID))
            let slots = try await stage.stack.withClient { client in
                try await DynamoDBInitiatorSlotStore(dynamo: DynamoDBClient(client: client), table: "BackfillJobs")
                    .read().slots
            }
            #expect(slots.running.isEmpty, "the finished job's slot is free")
        }
    }

    @Test("a chunk failing on every attempt: three attempts, recorded failed; the rest written; still finalized")
    func chunkFailsThreeTimes() async throws {
        let badWindow = "2023-01-31T00:00:00Z"
        try await TenantMachineStage.with(
            config: Self.acmeConfig, lambdaRespond: TenantMachineStage.failing(window: badWindow)
        ) { stage in
            try await stage.addLambdaService("acme")
            let jobID = "backfill_t1_acme_20230101"
            let execution = try await stage.execute(
                name: jobID, input: TenantMachineStage.input("acme", start: "2023-01-01", end: "2023-04-01"))
            #expect(execution.status == "FAILED", "\(execution)")
            #expect(execution.error == "TenantBackfillChunksFailed", "\(execution)")

            let bad = "events|2023-01-31..2023-03-02"
            let attempts = stage.stack.lambda.invocations.filter {
                $0.function == "avesa-acme-ingestion-test" && $0.payloadJSON["start_date"] == .string(badWindow)
            }
            #expect(attempts.count == 3)
            let job = try #require(try await stage.job(jobID))
            #expect(job.status == .completedWithErrors)
            #expect(job.partition(bad)?.status == .failed && job.partition(bad)?.attempts == 3)
            #expect(job.partition(bad)?.lastError?.contains("upstream down") == true)
            #expect(job.partitions.filter { $0.status == .succeeded }.count == 2)
            #expect(try await stage.stack.parquetKeys().count == 2)
            #expect(try await stage.summary(jobID)["tables"]?["events"]?["status"] == "failed")
            #expect(!stage.stack.lambda.invocations.contains { $0.invocationType == "Event" }, "no canonical trigger")
            let last = try #require(stage.machine.invocations.last)
            #expect(last.function == "TenantInitiatorFunction")
            #expect(last.payloadJSON["finished_job_id"] == .string(jobID))
        }
    }

    @Test("a chunk answering continue is run again; split halves are picked up by the Pending loop")
    func continuationAndPendingLoop() async throws {
        let config = Self.acmeConfig.replacing(
            #""max_concurrency":2"#, with: #""max_concurrency":2,"max_records_per_chunk":2"#)
        let failOnce = LockedValue(true)
        try await TenantMachineStage.with(config: config) { function, payload in
            guard function == "avesa-acme-ingestion-test" else { return TenantMachineStage.records(for: payload) }
            if payload["start_date"] == "2023-01-16T00:00:00Z",
                failOnce.withLock({ first in
                    defer { first = false }; return first
                })
            {
                return TenantMachineStage.functionError("try again later")
            }
            return TenantMachineStage.records(for: payload)
        } _: { stage in
            try await stage.addLambdaService("acme")
            let jobID = "backfill_t1_acme_20230101"
            let execution = try await stage.execute(
                name: jobID, input: TenantMachineStage.input("acme", start: "2023-01-01", end: "2023-01-31"))
            #expect(execution.status == "SUCCEEDED", "\(execution)")

            let job = try #require(try await stage.job(jobID))
            #expect(job.status == .completed)
            #expect(job.partition("events|2023-01-01..2023-01-31")?.status == .skipped)
            #expect(job.partition("events|2023-01-01..2023-01-16")?.status == .succeeded)
            let retried = job.partition("events|2023-01-16..2023-01-31")
            #expect(retried?.status == .succeeded && retried?.attempts == 2)
            let pending = stage.machine.invocations.filter { $0.payloadJSON["pending_job_id"] != nil }
            #expect(pending.count >= 2, "one pass found the halves, a later one found nothing")
            #expect(
                Set(try await stage.stack.parquetKeys()) == [
                    "t1/raw/acme/events/2023-01-01_2023-01-16.parquet",
                    "t1/raw/acme/events/2023-01-16_2023-01-31.parquet",
                ])
            let triggers = stage.stack.lambda.invocations.filter { $0.invocationType == "Event" }
            #expect(triggers.map(\.function) == ["avesa-canonical-transform-events-test"])
        }
    }

    @Test("a crashing function: the Task retries 3 times, Catch moves on, the Pending loop runs the chunk again")
    func crashRetried() async throws {
        let partition = "events|2023-01-01..2023-01-31"
        try await TenantMachineStage.with(config: Self.acmeConfig) { _, payload in
            TenantMachineStage.records(for: payload)
        } wrap: {
            CrashingHandler($0, partition: partition, times: 4)
        } _: { stage in
            try await stage.addLambdaService("acme")
            let jobID = "backfill_t1_acme_20230101"
            let execution = try await stage.execute(
                name: jobID, input: TenantMachineStage.input("acme", start: "2023-01-01", end: "2023-03-02"))
            #expect(execution.status == "SUCCEEDED", "\(execution)")
            let calls = stage.machine.invocations.filter { $0.payloadJSON["partition"] == .string(partition) }
            #expect(calls.count == 5, "1 + 3 retries crash and are caught; the next Map's attempt works")
            let pending = stage.machine.invocations.filter { $0.payloadJSON["pending_job_id"] != nil }
            #expect(pending.first?.payloadJSON["pass"] == 0 && pending.count == 2)
            let job = try #require(try await stage.job(jobID))
            #expect(job.status == .completed && job.partition(partition)?.attempts == 1)
        }
    }
}
