import AWS
import BackfillCore
import BackfillTesting
import ConnectWiseFake
import JSON
import Testing
import Timekeeping

/// `backfill tenant trigger --local --workers 4` as a child process against moto and the ConnectWise fake
/// enforcing 200/min: four workers, one tracker job, one shared limit in the jobs table. What is asserted holds
/// whatever the timing (the throttle count and the rate achieved are figures of `backfill-bench
/// tenant-shared-rate`).
@Suite("backfill tenant trigger --local", .serialized)
struct TenantLocalWorkersTests {
    static let products = ChildProcess.buildProductsDirectory()

    @Test("4 local workers: every chunk written once, every request through the shared limit, 429s all absorbed")
    func fourWorkers() async throws {
        var options = ConnectWiseFake.Options()
        options.latency = .milliseconds(20)
        options.requestsPerMinute = 200
        try await TenantStack.with(connectWiseOptions: options) { stack in
            var environment = stack.environment
            environment["BACKFILL_LEASE_SECONDS"] = "60"  // no lease lapses on a loaded machine: one claim a chunk
            let process = try ChildProcess(
                executable: Self.products + "/backfill",
                arguments: [
                    "tenant", "trigger", "--local", "--workers", "4", "--tenant-id", "t1", "--service", "connectwise",
                    "--tables", "service/tickets", "--start-date", "2023-01-01", "--end-date", "2023-03-02",
                    "--chunk-size-days", "5",
                ],
                environment: environment)
            #expect(process.waitForExit(timeoutSeconds: 300) == 0, "stderr: \(process.standardError)")
            let body = try #require(try JSONParser.parse(process.standardOutput)["body"])
            #expect(body["workers"] == 4)
            #expect(body["failed"]?.arrayValue?.isEmpty != false)

            // Every chunk claimed once and written: one attempt each in the tracker, one object each, every
            // chunk's window fetched, every record of the range written.
            let job = try await stack.withClient { client in
                try await DynamoDBJobStore(dynamo: DynamoDBClient(client: client), table: "BackfillJobs")
                    .job(id: "backfill_t1_connectwise_20230101")
            }
            let partitions = try #require(job?.partitions)
            #expect(partitions.count == 12)
            #expect(partitions.allSatisfy { $0.status == .succeeded && $0.attempts == 1 })
            let keys = try await stack.parquetKeys()
            #expect(keys.count == 12 && Set(keys).count == 12)
            let expected = ConnectWiseFakeData().indices(
                from: CivilDate(year: 2023, month: 1, day: 1).startTimestamp,
                to: CivilDate(year: 2023, month: 3, day: 2).startTimestamp
            ).count
            #expect(partitions.map(\.records).reduce(0, +) == Int64(expected))
            let accepted = stack.connectWise.requests.filter { !$0.throttled }
            #expect(Set(accepted.filter { $0.page == 1 }.map { $0.conditions ?? "" }).count == 12)

            // Every worker paced through the one shared item; every 429 the fake sent was seen and absorbed.
            let stored = try await stack.withClient { client in
                try await DynamoDBSharedLimitStore(dynamo: DynamoDBClient(client: client), table: "BackfillJobs")
                    .read("t1:connectwise")
            }
            let state = try #require(stored)
            #expect(state.version >= 1)
            #expect(
                body["tables"]?["service/tickets"]?["throttles"]?.intValue == Int64(stack.connectWise.throttleCount))
            // The fake's own sliding-minute accounting: never more than 200 accepted in a minute.
            let arrivals = accepted.map(\.arrival).sorted()
            for (index, first) in arrivals.enumerated() {
                #expect(arrivals[index...].prefix { $0 < first + .seconds(60) }.count <= 200)
            }
        }
    }
}
