import AWS
import BackfillCore
import BackfillTesting
import HTTP
import Synchronization
import Testing
import Timekeeping

/// Counts DynamoDB operations by `X-Amz-Target`, passing requests through to the real client.
final class CountingTransport: HTTPTransport {
    let inner: any HTTPTransport
    private let counts = Mutex<[String: Int]>([:])

    init(_ inner: any HTTPTransport) { self.inner = inner }

    var operations: [String: Int] { counts.withLock { $0 } }
    var writes: Int { ["PutItem", "UpdateItem"].reduce(0) { $0 + (operations[$1] ?? 0) } }

    func execute(_ request: HTTPRequest) async throws -> HTTPResponse {
        if let target = request.headers["X-Amz-Target"], let operation = target.split(separator: ".").last {
            counts.withLock { $0[String(operation), default: 0] += 1 }
        }
        return try await inner.execute(request)
    }
}

@Suite("DynamoDB job store against moto_server", .serialized)
struct DynamoDBJobStoreTests {
    let t0 = Timestamp(millisecondsSince1970: 1_763_712_000_000)

    @Test("conditional claims, takeover, completion and the job item operators read")
    func semantics() async throws {
        try await MotoServer.withServer { moto in
            try await CurlHTTPClient.withClient { http in
                let dynamo = DynamoDBClient(client: AWSClient(configuration: moto.configuration(), transport: http))
                try await dynamo.createTable(DynamoDBJobStore.tableDefinition())
                let workerA = DynamoDBJobStore(dynamo: dynamo)
                let workerB = DynamoDBJobStore(dynamo: dynamo)
                let keys = JobFixtures.keys(3)
                #expect(try await workerA.createJob(JobFixtures.definition(3), now: t0).created)
                #expect(!(try await workerB.createJob(JobFixtures.definition(3), now: t0).created))

                #expect(
                    try await workerA.claim(
                        jobID: "job-1", partition: keys[0], owner: "a", leaseDuration: .seconds(60), now: t0
                    ).isClaimed)
                #expect(
                    !(try await workerB.claim(
                        jobID: "job-1", partition: keys[0], owner: "b", leaseDuration: .seconds(60),
                        now: t0 + .seconds(30))).isClaimed)
                #expect(
                    try await workerA.renew(
                        jobID: "job-1", partition: keys[0], owner: "a", attempt: 1, leaseDuration: .seconds(60),
                        now: t0 + .seconds(50)))
                #expect(
                    !(try await workerB.claim(
                        jobID: "job-1", partition: keys[0], owner: "b", leaseDuration: .seconds(60),
                        now: t0 + .seconds(70))).isClaimed)
                let takeover = try await workerB.claim(
                    jobID: "job-1", partition: keys[0], owner: "b", leaseDuration: .seconds(60), now: t0 + .seconds(111)
                )
                guard case .claimed(let state) = takeover else { Issue.record("no takeover"); return }
                #expect(state.attempts == 2)
                #expect(
                    !(try await workerA.complete(
                        jobID: "job-1", partition: keys[0], owner: "a", attempt: 1,
                        result: .succeeded(records: 1, duration: .seconds(1)), now: t0 + .seconds(112))))
                #expect(
                    try await workerB.complete(
                        jobID: "job-1", partition: keys[0], owner: "b", attempt: 2,
                        result: .succeeded(records: 42, duration: .seconds(3)), now: t0 + .seconds(113)))
                // A's stale cache must not let it claim the finished partition.
                #expect(
                    !(try await workerA.claim(
                        jobID: "job-1", partition: keys[0], owner: "a", leaseDuration: .seconds(60),
                        now: t0 + .seconds(114))).isClaimed)

                #expect(
                    try await workerA.skip(
                        jobID: "job-1", partitions: [keys[1]], reason: "exists at destination", now: t0) == [keys[1]])
                #expect(
                    !(try await workerA.setStatus(
                        jobID: "job-1", to: .completed, reason: nil, from: [.running], requireIdle: true, expiresAt: t0,
                        now: t0)))

                let raw = try #require(try await dynamo.getItem(table: "BackfillJobs", key: ["job_id": "job-1"]))
                #expect(raw["status"] == "running")
                #expect(
                    raw["count_succeeded"]?.intValue == 1 && raw["count_skipped"]?.intValue == 1
                        && raw["count_pending"]?.intValue == 1)
                #expect(raw["records"]?.intValue == 42)
                #expect(raw["layout"] == "items" && raw["p"] == nil)
                #expect(raw["running"]?.mapValue?.isEmpty == true)
                let first = try #require(
                    try await dynamo.getItem(table: "BackfillJobs", key: ["job_id": .string("job-1#p#0")]))
                #expect(first["s"] == "succeeded" && first["o"] == nil && first["k"] == .string(keys[0]))

                _ = try await workerB.claim(
                    jobID: "job-1", partition: keys[2], owner: "b", leaseDuration: .seconds(60), now: t0)
                _ = try await workerB.complete(
                    jobID: "job-1", partition: keys[2], owner: "b", attempt: 1,
                    result: .failed(error: "boom", duration: .seconds(1)), now: t0)
                let ttl = t0 + .seconds(30 * 86_400)
                #expect(
                    try await workerA.setStatus(
                        jobID: "job-1", to: .completedWithErrors, reason: nil, from: [.running], requireIdle: true,
                        expiresAt: ttl, now: t0))
                let finished = try #require(try await dynamo.getItem(table: "BackfillJobs", key: ["job_id": "job-1"]))
                #expect(finished["expires_at"]?.intValue == Int(ttl.secondsSince1970))
                #expect(
                    finished["failed"]?.mapValue?[keys[2]]?.intValue == 1 || finished["count_failed"]?.intValue == 1)
                let reopened = try await workerB.reopen(jobID: "job-1", resetting: [keys[2]], now: t0)
                #expect(
                    reopened.status == .pending
                        && reopened.partitions.map(\.status) == [.succeeded, .skipped, .pending])
                #expect(try await workerA.job(id: "job-1") == reopened)
                #expect(try await workerA.listJobs(limit: 5).map(\.jobID) == ["job-1"])
            }
        }
    }

    @Test("a runner on DynamoDB writes a partition item and the header per claim and per completion")
    func overhead() async throws {
        try await MotoServer.withServer { moto in
            try await CurlHTTPClient.withClient { http in
                let counting = CountingTransport(http)
                let dynamo = DynamoDBClient(client: AWSClient(configuration: moto.configuration(), transport: counting))
                try await dynamo.createTable(DynamoDBJobStore.tableDefinition())
                let store = DynamoDBJobStore(dynamo: dynamo)
                let clock = ManualTimeSource()
                let runner = JobRunner(
                    store: store, time: clock, configuration: JobFixtures.configuration(concurrency: 1),
                    logger: LogCapture().logger)
                let summary = try await runner.start(JobFixtures.definition(30), mode: .missing, deadline: .none) {
                    _, _ in
                    clock.advance(by: .seconds(5))
                    return PartitionOutcome(records: 3)
                }
                #expect(summary.stop == .finished(.completed), "\(summary.job.totals) \(summary.job.status)")
                let item = try await dynamo.getItem(table: "BackfillJobs", key: ["job_id": "job-1"])
                #expect(item?["count_running"]?.intValue == 0 && item?["count_succeeded"]?.intValue == 30)
                #expect(item?["records"]?.intValue == 90)
                // claim and complete: the partition item and the header each, plus the finish.
                #expect(counting.operations["UpdateItem"] == 30 * 4 + 1)
                #expect(counting.operations["PutItem"] == 1 && counting.operations["BatchWriteItem"] == 1)
            }
        }
    }

    @Test("a partition write costs at most 2 WCU at 10, 100 and 10,000 partitions (the 1,000 cap is gone)")
    func writeUnits() async throws {
        try await MotoServer.withServer { moto in
            try await CurlHTTPClient.withClient { http in
                let dynamo = DynamoDBClient(client: AWSClient(configuration: moto.configuration(), transport: http))
                try await dynamo.createTable(DynamoDBJobStore.tableDefinition())
                let store = DynamoDBJobStore(dynamo: dynamo)
                for count in [10, 100, 10_000] {
                    let jobID = "job-\(count)"
                    let keys = (0..<count).map { "service/tickets|chunk-\($0)" }
                    _ = try await store.createJob(
                        JobDefinition(
                            jobID: jobID, handler: "tenant-backfill", destination: "s3://b", partitionKeys: keys),
                        now: t0)
                    var units: [Int] = []
                    for index in [0, count / 2, count - 1] {
                        let owner = String(repeating: "o", count: JobItemLayout.ownerLimit)
                        #expect(
                            try await store.claim(
                                jobID: jobID, partition: keys[index], owner: owner, leaseDuration: .seconds(60), now: t0
                            ).isClaimed)
                        units.append(try await Self.writeUnits(dynamo, jobID, index))
                        #expect(
                            try await store.complete(
                                jobID: jobID, partition: keys[index], owner: owner, attempt: 1,
                                result: .failed(
                                    error: String(repeating: "x", count: PartitionState.storedErrorLimit),
                                    duration: .seconds(900)), now: t0))
                        units.append(try await Self.writeUnits(dynamo, jobID, index))
                    }
                    #expect(units.allSatisfy { $0 <= 2 }, "\(count) partitions: \(units) WCU per partition write")
                    let read = try #require(try await store.job(id: jobID))
                    #expect(read.partitions.count == count && read.partitions.map(\.key) == keys)
                    #expect(read.totals.failed == 3 && read.totals.pending == count - 3)
                }
            }
        }
    }

    /// WCU of the two items one partition write touches (the partition's item and the header), as AWS bills them.
    static func writeUnits(_ dynamo: DynamoDBClient, _ jobID: String, _ index: Int) async throws -> Int {
        let header = try await dynamo.getItem(table: "BackfillJobs", key: ["job_id": .string(jobID)]) ?? [:]
        let partition =
            try await dynamo.getItem(
                table: "BackfillJobs", key: ["job_id": .string(PartitionItemLayout.partitionKey(jobID, index))]) ?? [:]
        return DynamoDBItemSize.writeUnits(DynamoDBItemSize.bytes(header))
            + DynamoDBItemSize.writeUnits(DynamoDBItemSize.bytes(partition))
    }

    @Test("a job written as one item by an earlier version is still read (one GetItem) and run")
    func legacyJobs() async throws {
        try await MotoServer.withServer { moto in
            try await CurlHTTPClient.withClient { http in
                let counting = CountingTransport(http)
                let dynamo = DynamoDBClient(client: AWSClient(configuration: moto.configuration(), transport: counting))
                try await dynamo.createTable(DynamoDBJobStore.tableDefinition())
                let keys = JobFixtures.keys(1000)
                let job = JobRecord(
                    JobDefinition(jobID: "old", handler: "cost-backfill", destination: "s3://b", partitionKeys: keys),
                    now: t0)
                try await dynamo.putItem(table: "BackfillJobs", item: JobItemLayout.item(job, version: 1))
                let store = DynamoDBJobStore(dynamo: dynamo)
                let read = try #require(try await store.job(id: "old"))
                #expect(read.partitions.count == 1000 && read.partitions.map(\.key) == keys)
                #expect(counting.operations["GetItem"] == 1)
                #expect(
                    try await store.claim(
                        jobID: "old", partition: keys[0], owner: "a", leaseDuration: .seconds(60), now: t0
                    )
                    .isClaimed)
                #expect(
                    try await store.complete(
                        jobID: "old", partition: keys[0], owner: "a", attempt: 1,
                        result: .succeeded(records: 5, duration: .seconds(1)), now: t0))
                let raw = try #require(try await dynamo.getItem(table: "BackfillJobs", key: ["job_id": "old"]))
                #expect(raw["p"]?.mapValue?[keys[0]]?.mapValue?["s"] == "succeeded")  // still one item
                #expect(raw["layout"] == nil)
            }
        }
    }
}
