import AWS
import BackfillCore
import BackfillTesting
import HTTP
import JSON
import Logging
import Testing
import Timekeeping

/// `backfill status`, `cancel` and `retry` against a real job in moto's DynamoDB (signature checking on).
@Suite("job commands against moto", .serialized)
struct JobCommandsMotoTests {
    struct Boom: Error, CustomStringConvertible {
        var description: String { "source answered 500 for account 123456789012" }
    }

    func backfill(_ arguments: [String], moto: MotoServer) throws -> (Int32?, String, String) {
        var environment = moto.environment
        environment["JOBS_TABLE"] = "JobsUnderTest"
        let process = try ChildProcess(
            executable: ChildProcess.buildProductsDirectory() + "/backfill", arguments: arguments,
            environment: environment)
        let code = process.waitForExit(timeoutSeconds: 60)
        return (code, process.standardOutput, process.standardError)
    }

    @Test("status renders a real job; retry resets its failed partition; cancel cancels it")
    func statusRetryCancel() async throws {
        try await MotoServer.withServer { moto in
            try await CurlHTTPClient.withClient { http in
                let dynamo = DynamoDBClient(client: AWSClient(configuration: moto.configuration(), transport: http))
                try await dynamo.createTable(DynamoDBJobStore.tableDefinition(name: "JobsUnderTest"))
                let store = DynamoDBJobStore(dynamo: dynamo, table: "JobsUnderTest")
                let months = ["2025-06", "2025-05", "2025-04", "2025-03", "2025-02", "2025-01"]
                let definition = JobDefinition(
                    jobID: "cost-demo-job", handler: "cost-backfill", destination: "s3://bucket/cost",
                    partitionKeys: months, maxAttempts: 1)
                let runner = JobRunner(
                    store: store, time: SystemTimeSource(),
                    configuration: RunnerConfiguration(owner: "test-worker", concurrency: 1),
                    logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
                let summary = try await runner.start(definition, mode: .missing, deadline: .none) { partition, _ in
                    if partition.key == "2025-03" { throw Boom() }
                    return PartitionOutcome(records: 10)
                }
                #expect(summary.job.totals.failed == 1)

                let (code, stdout, stderr) = try backfill(["status", "cost-demo-job", "--json"], moto: moto)
                #expect(code == 0, "stderr: \(stderr)")
                let status = try JSONParser.parse(stdout)
                #expect(status["job_id"] == "cost-demo-job")
                #expect(status["totals"]?["succeeded"] == 5)
                #expect(status["totals"]?["failed"] == 1)
                let failed = status["partitions"]?.arrayValue?.first { $0["key"] == "2025-03" }
                #expect(failed?["status"] == "failed")
                #expect(failed?["error"]?.stringValue?.contains("123456789012") == false)

                let (textCode, text, _) = try backfill(["status", "cost-demo-job"], moto: moto)
                #expect(textCode == 0)
                #expect(text.contains("cost-demo-job"))
                let (listCode, list, _) = try backfill(["status"], moto: moto)
                #expect(listCode == 0)
                #expect(list.contains("cost-demo-job"))

                let (retryCode, _, retryErr) = try backfill(["retry", "cost-demo-job"], moto: moto)
                #expect(retryCode == 0, "stderr: \(retryErr)")
                #expect(try await store.job(id: "cost-demo-job")?.partition("2025-03")?.status == .pending)

                let (cancelCode, _, cancelErr) = try backfill(["cancel", "cost-demo-job"], moto: moto)
                #expect(cancelCode == 0, "stderr: \(cancelErr)")
                #expect(try await store.job(id: "cost-demo-job")?.status == .cancelled)
            }
        }
    }
}
