import AWS
import BackfillCore
import BackfillTesting
import JSON
import Logging
import TenantBackfill
import Testing
import Timekeeping

/// `backfill status --tenants` / `--tenant-id` as a child process against moto: the initiator's cap and queue,
/// and each running job's grid and ETA from the jobs table.
@Suite("backfill status per tenant (moto)", .serialized)
struct TenantStatusCLITests {
    static let products = ChildProcess.buildProductsDirectory()
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
    static let running = "backfill_t1_connectwise_20230101"
    static let queued = "backfill_t2_connectwise_20230101"

    @Test("a running job with its grid and ETA, a queued one with its place, against the cap")
    func tenants() async throws {
        try await TenantStack.with { stack in
            try await stack.withClient { client in
                try await DynamoDBClient(client: client).putItem(
                    table: "TenantServices",
                    item: [
                        "tenant_id": "t2", "service": "connectwise", "secret_name": .string(TenantStack.secretName),
                    ])
            }
            var environment = try await stack.initiatorEnvironment(maxConcurrent: 1)
            let initiator = try await TenantInitiatorFamily.make(
                HandlerSetup(variables: environment, logger: Self.logger))
            for tenant in ["t1", "t2"] {
                _ = try await initiator.initiator.run(
                    try TenantInitiatorRequest(event: [
                        "tenant_id": .string(tenant), "service": "connectwise", "start_date": "2023-01-01",
                    ]))
            }
            // The execution's plan step: the job of t1 with three chunks, one done, one running.
            try await stack.withClient { client in
                let jobs = DynamoDBJobStore(dynamo: DynamoDBClient(client: client), table: "BackfillJobs")
                let keys = ["2023-01-01..2023-01-11", "2023-01-11..2023-01-21", "2023-01-21..2023-01-31"].map {
                    "service/tickets|" + $0
                }
                let now = SystemTimeSource().now
                _ = try await jobs.createJob(
                    JobDefinition(
                        jobID: Self.running, handler: "tenant-backfill",
                        destination: "s3://\(TenantStack.bucket)/t1/raw/connectwise", tenantID: "t1",
                        partitionKeys: keys),
                    now: now - .seconds(60))
                for key in keys.prefix(2) {
                    _ = try await jobs.claim(
                        jobID: Self.running, partition: key, owner: "w", leaseDuration: .seconds(600), now: now)
                }
                _ = try await jobs.complete(
                    jobID: Self.running, partition: keys[0], owner: "w", attempt: 1,
                    result: .succeeded(records: 5, duration: .seconds(20)), now: now)
            }
            environment["MAX_CONCURRENT_BACKFILLS"] = "1"
            let text = try ChildProcess(
                executable: Self.products + "/backfill", arguments: ["status", "--tenants"], environment: environment)
            #expect(text.waitForExit(timeoutSeconds: 60) == 0, "stderr: \(text.standardError)")
            let output = text.standardOutput
            #expect(output.contains("backfills: 1 of 1 running, 1 queued"), "\(output)")
            #expect(output.contains("tenant t1") && output.contains("running \(Self.running)"))
            #expect(output.contains("SR."), "the grid: one succeeded, one running, one pending\n\(output)")
            #expect(output.contains("ETA"))
            #expect(output.contains("queued  \(Self.queued) #1 in the queue"))

            let json = try ChildProcess(
                executable: Self.products + "/backfill", arguments: ["status", "--tenant-id", "t2", "--json"],
                environment: environment)
            #expect(json.waitForExit(timeoutSeconds: 60) == 0, "stderr: \(json.standardError)")
            let parsed = try JSONParser.parse(json.standardOutput)
            #expect(parsed["cap"] == 1 && parsed["running"] == 1 && parsed["queued"] == 1)
            let tenants = try #require(parsed["tenants"]?.arrayValue)
            #expect(tenants.count == 1 && tenants.first?["tenant_id"] == "t2")
            #expect(tenants.first?["running"]?.arrayValue?.isEmpty == true)
            #expect(tenants.first?["queued"]?.arrayValue?.first?["job_id"]?.stringValue == Self.queued)
            #expect(tenants.first?["queued"]?.arrayValue?.first?["position"] == 1)
        }
    }
}
