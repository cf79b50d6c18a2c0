import AWS
import BackfillCore
import BackfillTesting
import JSON
import Testing

/// The `TenantBackfill` state machine's Distributed Map branch executed by moto's interpreter: above the service's
/// `distributed_threshold`, Plan writes the chunk list to S3 and `RunChunksDistributed` reads it with its
/// `ItemReader` (an S3 GetObject moto sends to `localhost:$MOTO_PORT`, which the Invoke endpoint forwards back to
/// moto re-signed), then runs each chunk in a child execution.
@Suite("TenantBackfill's Distributed Map executed by moto", .serialized)
struct TenantDistributedMapTests {
    static let config =
        #"{"service_settings":{"acme":{"tables":["events"],"chunk_size_days":30,"#
        + #""rate_limit_requests_per_minute":6000,"max_concurrency":2,"distributed_threshold":2}}}"#

    @Test("3 chunks above a threshold of 2: the list read from S3, every chunk run, one failing 3 times caught")
    func distributed() async throws {
        let badWindow = "2023-03-02T00:00:00Z"
        try await TenantMachineStage.with(
            config: Self.config, lambdaRespond: TenantMachineStage.failing(window: badWindow)
        ) { stage in
            try await stage.addLambdaService("acme")
            let jobID = "backfill_t1_acme_20230101"
            let execution = try await stage.execute(
                name: jobID, input: TenantMachineStage.input("acme", start: "2023-01-01", end: "2023-04-01"))
            let calls = stage.machine.invocations
            let plan = try #require(calls.first { $0.payloadJSON["plan"] != nil })
            #expect(plan.function == "TenantBackfillFunction")

            let chunks = [
                "events|2023-01-01..2023-01-31", "events|2023-01-31..2023-03-02", "events|2023-03-02..2023-04-01",
            ]
            let listed = try await stage.stack.withClient { client in
                try JSONParser.parse(
                    try await S3Client(client: client).getObjectBytes(
                        bucket: TenantStack.bucket, key: "t1/backfill/\(jobID).chunks.json"))
            }
            #expect(listed == .array(chunks.map(JSONValue.string)), "the list Plan wrote for the ItemReader")
            let chunkCalls = calls.filter { $0.payloadJSON["partition"] != nil }
            #expect(Set(chunkCalls.compactMap { $0.payloadJSON["partition"]?.stringValue }) == Set(chunks))
            #expect(chunkCalls.allSatisfy { $0.payloadJSON["job_id"] == .string(jobID) })

            let job = try #require(try await stage.job(jobID))
            #expect(job.partitions.filter { $0.status == .succeeded }.count == 2, "\(job.partitions)")
            let bad = job.partition("events|2023-03-02..2023-04-01")
            #expect(bad?.status == .failed && bad?.attempts == 3, "\(String(describing: bad))")
            #expect(execution.status == "FAILED" && execution.error == "TenantBackfillChunksFailed", "\(execution)")
            #expect(try await stage.stack.parquetKeys().count == 2)
            #expect(calls.contains { $0.payloadJSON["finalize_job_id"] == .string(jobID) })
            #expect(calls.last?.function == "TenantInitiatorFunction")
        }
    }
}
