import AWS
import BackfillCore
import BackfillTesting
import HTTP
import Testing
import Timekeeping

/// The rules every ``JobStore`` must follow, run against both implementations (the in-memory store of unit
/// tests and the DynamoDB store on moto with signature checking), so their conditional writes cannot drift.
@Suite("JobStore contract: in-memory and DynamoDB behave alike", .serialized)
struct JobStoreContractTests {
    enum Kind: String, CaseIterable, CustomTestStringConvertible {
        case memory, dynamoDB
        var testDescription: String { rawValue }
    }

    let t0 = Timestamp(millisecondsSince1970: 1_763_712_000_000)

    /// Two workers' views of one store of `kind`.
    func withStores(_ kind: Kind, _ body: (any JobStore, any JobStore) async throws -> Void) async throws {
        switch kind {
        case .memory:
            let store = InMemoryJobStore()
            try await body(store, store)
        case .dynamoDB:
            try await MotoServer.withServer { moto in
                try await CurlHTTPClient.withClient { http in
                    let dynamo = DynamoDBClient(client: AWSClient(configuration: moto.configuration(), transport: http))
                    try await dynamo.createTable(DynamoDBJobStore.tableDefinition())
                    try await body(DynamoDBJobStore(dynamo: dynamo), DynamoDBJobStore(dynamo: dynamo))
                }
            }
        }
    }

    @Test(
        "creating joins; a held lease blocks others until it lapses; only the holder records", arguments: Kind.allCases)
    func leases(kind: Kind) async throws {
        try await withStores(kind) { a, b in
            let keys = JobFixtures.keys(3)
            #expect(try await a.createJob(JobFixtures.definition(3), now: t0).created)
            #expect(!(try await b.createJob(JobFixtures.definition(3), now: t0).created))
            #expect(
                try await a.claim(jobID: "job-1", partition: keys[0], owner: "a", leaseDuration: .seconds(60), now: t0)
                    .isClaimed)
            #expect(
                !(try await b.claim(
                    jobID: "job-1", partition: keys[0], owner: "b", leaseDuration: .seconds(60), now: t0 + .seconds(30)))
                    .isClaimed)
            #expect(
                try await a.renew(
                    jobID: "job-1", partition: keys[0], owner: "a", attempt: 1, leaseDuration: .seconds(60),
                    now: t0 + .seconds(50)))
            #expect(
                !(try await b.claim(
                    jobID: "job-1", partition: keys[0], owner: "b", leaseDuration: .seconds(60), now: t0 + .seconds(70)))
                    .isClaimed)
            let takeover = try await b.claim(
                jobID: "job-1", partition: keys[0], owner: "b", leaseDuration: .seconds(60), now: t0 + .seconds(111))
            guard case .claimed(let state) = takeover else {
                Issue.record("no takeover after the lease lapsed")
                return
            }
            #expect(state.attempts == 2)
            #expect(
                !(try await a.renew(
                    jobID: "job-1", partition: keys[0], owner: "a", attempt: 1, leaseDuration: .seconds(60),
                    now: t0 + .seconds(112))))
            #expect(
                !(try await a.complete(
                    jobID: "job-1", partition: keys[0], owner: "a", attempt: 1,
                    result: .succeeded(records: 1, duration: .seconds(1)), now: t0 + .seconds(112))))
            #expect(
                try await b.complete(
                    jobID: "job-1", partition: keys[0], owner: "b", attempt: 2,
                    result: .succeeded(records: 42, duration: .seconds(3)), now: t0 + .seconds(113)))
            #expect(
                !(try await a.claim(
                    jobID: "job-1", partition: keys[0], owner: "a", leaseDuration: .seconds(60), now: t0 + .seconds(114)
                )).isClaimed)
            let job = try #require(try await a.job(id: "job-1"))
            #expect(job.partitions[0].status == .succeeded && job.partitions[0].records == 42)
            #expect(job.totals.records == 42)
        }
    }

    @Test("skip touches pending partitions only; finishing needs idleness; reopen resets", arguments: Kind.allCases)
    func statuses(kind: Kind) async throws {
        try await withStores(kind) { a, b in
            let keys = JobFixtures.keys(3)
            _ = try await a.createJob(JobFixtures.definition(3), now: t0)
            _ = try await a.claim(jobID: "job-1", partition: keys[0], owner: "a", leaseDuration: .seconds(60), now: t0)
            #expect(
                try await b.skip(jobID: "job-1", partitions: [keys[0], keys[1]], reason: "exists", now: t0) == [keys[1]]
            )
            #expect(
                !(try await a.setStatus(
                    jobID: "job-1", to: .completed, reason: nil, from: [.running], requireIdle: true, expiresAt: t0,
                    now: t0)))
            _ = try await a.complete(
                jobID: "job-1", partition: keys[0], owner: "a", attempt: 1,
                result: .succeeded(records: 1, duration: .zero), now: t0)
            _ = try await b.claim(jobID: "job-1", partition: keys[2], owner: "b", leaseDuration: .seconds(60), now: t0)
            _ = try await b.complete(
                jobID: "job-1", partition: keys[2], owner: "b", attempt: 1,
                result: .failed(error: "boom", duration: .zero), now: t0)
            #expect(
                try await a.setStatus(
                    jobID: "job-1", to: .completedWithErrors, reason: nil, from: [.running], requireIdle: true,
                    expiresAt: t0 + .seconds(86_400), now: t0))
            #expect(
                !(try await b.setStatus(
                    jobID: "job-1", to: .completed, reason: nil, from: [.running], requireIdle: true, expiresAt: nil,
                    now: t0)))
            let reopened = try await b.reopen(jobID: "job-1", resetting: [keys[2]], now: t0)
            #expect(reopened.status == .pending)
            #expect(reopened.partitions.map(\.status) == [.succeeded, .skipped, .pending])
            #expect(reopened.partitions[2].attempts == 0)
            #expect(try await a.job(id: "job-1") == reopened)
        }
    }

    @Test("a lapsed lease on the last attempt is recorded as failed, not claimed again", arguments: Kind.allCases)
    func lastAttempt(kind: Kind) async throws {
        try await withStores(kind) { a, b in
            let key = JobFixtures.keys(1)[0]
            _ = try await a.createJob(JobFixtures.definition(1, maxAttempts: 1), now: t0)
            #expect(
                try await a.claim(jobID: "job-1", partition: key, owner: "a", leaseDuration: .seconds(10), now: t0)
                    .isClaimed)
            #expect(
                !(try await b.claim(
                    jobID: "job-1", partition: key, owner: "b", leaseDuration: .seconds(10), now: t0 + .seconds(60)))
                    .isClaimed)
            let job = try #require(try await b.job(id: "job-1"))
            #expect(job.partitions[0].status == .failed)
            #expect(job.partitions[0].attempts == 1)
        }
    }

    @Test("a cancelled job accepts no claims", arguments: Kind.allCases)
    func cancelled(kind: Kind) async throws {
        try await withStores(kind) { a, b in
            let key = JobFixtures.keys(1)[0]
            _ = try await a.createJob(JobFixtures.definition(1), now: t0)
            #expect(
                try await a.setStatus(
                    jobID: "job-1", to: .cancelled, reason: "operator", from: [.pending, .running], requireIdle: false,
                    expiresAt: nil, now: t0))
            let result = try await b.claim(
                jobID: "job-1", partition: key, owner: "b", leaseDuration: .seconds(10), now: t0)
            guard case .unavailable(_, let status) = result else {
                Issue.record("a cancelled job handed out a claim")
                return
            }
            #expect(status == .cancelled)
        }
    }
}

extension JobStoreContractTests {
    @Test(
        "partitions added to a job are pending and claimable; adding them again changes nothing",
        arguments: Kind.allCases)
    func addPartitions(kind: Kind) async throws {
        try await withStores(kind) { a, b in
            let keys = JobFixtures.keys(2)
            _ = try await a.createJob(JobFixtures.definition(2), now: t0)
            #expect(
                try await a.addPartitions(jobID: "job-1", keys: ["half-1", "half-2", keys[0]], now: t0) == [
                    "half-1", "half-2",
                ])
            #expect(try await b.addPartitions(jobID: "job-1", keys: ["half-2"], now: t0).isEmpty)
            let job = try #require(try await b.job(id: "job-1"))
            #expect(job.partitions.map(\.key) == keys + ["half-1", "half-2"])
            #expect(job.totals.pending == 4)
            #expect(
                try await b.claim(jobID: "job-1", partition: "half-2", owner: "b", leaseDuration: .seconds(60), now: t0)
                    .isClaimed)
            #expect(
                try await b.complete(
                    jobID: "job-1", partition: "half-2", owner: "b", attempt: 1,
                    result: .succeeded(records: 7, duration: .zero), now: t0))
            let reopened = try await a.reopen(jobID: "job-1", resetting: ["half-2"], now: t0)
            #expect(reopened.partitions.map(\.key) == keys + ["half-1", "half-2"])
            #expect(reopened.partition("half-2")?.status == .pending)
        }
    }
}

extension JobStoreContractTests {
    @Test(
        "a partition's details (counts and key) are recorded with its result, replaced by a retry, cleared by a reset",
        arguments: Kind.allCases)
    func details(kind: Kind) async throws {
        try await withStores(kind) { a, b in
            let keys = JobFixtures.keys(2)
            _ = try await a.createJob(JobFixtures.definition(2), now: t0)
            _ = try await a.claim(jobID: "job-1", partition: keys[0], owner: "a", leaseDuration: .seconds(60), now: t0)
            let failed: [String: PartitionDetail] = ["fetched": 12, "pages": 1]
            #expect(
                try await a.complete(
                    jobID: "job-1", partition: keys[0], owner: "a", attempt: 1,
                    result: .failed(error: "boom", duration: .zero), details: failed, now: t0))
            #expect(try await b.job(id: "job-1")?.partition(keys[0])?.details == failed)
            _ = try await b.claim(jobID: "job-1", partition: keys[0], owner: "b", leaseDuration: .seconds(60), now: t0)
            let longKey = "t1/raw/connectwise/tickets/" + String(repeating: "k", count: 400)
            let done: [String: PartitionDetail] = [
                "fetched": 120, "written": 117, "rejected": 3, "pages": 2, "key": .text(longKey),
            ]
            #expect(
                try await b.complete(
                    jobID: "job-1", partition: keys[0], owner: "b", attempt: 2,
                    result: .succeeded(records: 117, duration: .zero), details: done, now: t0))
            let stored = try #require(try await a.job(id: "job-1")?.partition(keys[0]))
            #expect(stored.records == 117)
            #expect(stored.details["fetched"] == 120 && stored.details["rejected"] == 3 && stored.details["pages"] == 2)
            #expect(stored.details["key"]?.textValue == String(longKey.prefix(PartitionDetail.textLimit)))
            #expect(stored.details == PartitionDetail.bounded(done))
            #expect(try await a.job(id: "job-1")?.partition(keys[1])?.details == [:])
            let reopened = try await a.reopen(jobID: "job-1", resetting: [keys[0]], now: t0)
            #expect(reopened.partition(keys[0])?.details == [:])
            #expect(try await b.job(id: "job-1")?.partition(keys[0])?.details == [:])
        }
    }

    @Test("the details are a map `m` of numbers and strings on the DynamoDB partition item")
    func detailsItem() async throws {
        try await MotoServer.withServer { moto in
            try await CurlHTTPClient.withClient { http in
                let dynamo = DynamoDBClient(client: AWSClient(configuration: moto.configuration(), transport: http))
                try await dynamo.createTable(DynamoDBJobStore.tableDefinition())
                let store = DynamoDBJobStore(dynamo: dynamo)
                let key = JobFixtures.keys(1)[0]
                _ = try await store.createJob(JobFixtures.definition(1), now: t0)
                _ = try await store.claim(
                    jobID: "job-1", partition: key, owner: "a", leaseDuration: .seconds(60), now: t0)
                _ = try await store.complete(
                    jobID: "job-1", partition: key, owner: "a", attempt: 1,
                    result: .succeeded(records: 5, duration: .zero), details: ["fetched": 6, "key": "t1/x.parquet"],
                    now: t0)
                let item = try #require(
                    try await dynamo.getItem(table: "BackfillJobs", key: ["job_id": .string("job-1#p#0")]))
                #expect(item["m"] == .map(["fetched": .number("6"), "key": .string("t1/x.parquet")]))
                #expect(item["r"] == .number("5"))
            }
        }
    }
}
