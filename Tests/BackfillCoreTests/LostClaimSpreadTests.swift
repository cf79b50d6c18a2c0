import BackfillCore
import BackfillTesting
import Synchronization
import Testing
import Timekeeping

/// A job store where another worker ("rival") wins the race for the first partition this worker asks for, and
/// which logs the partitions this worker asks for, in order.
final class RivalFirstJobStore: JobStore {
    let inner = InMemoryJobStore()
    let asked = Mutex<[String]>([])
    let rivalWinsFirst: Bool

    init(rivalWinsFirst: Bool) { self.rivalWinsFirst = rivalWinsFirst }

    func createJob(_ definition: JobDefinition, now: Timestamp) async throws -> (record: JobRecord, created: Bool) {
        try await inner.createJob(definition, now: now)
    }
    func job(id: String) async throws -> JobRecord? { try await inner.job(id: id) }
    func listJobs(limit: Int) async throws -> [JobSummary] { try await inner.listJobs(limit: limit) }
    func claim(jobID: String, partition: String, owner: String, leaseDuration: Duration, now: Timestamp)
        async throws -> ClaimResult
    {
        let first = asked.withLock { asked in
            asked.append(partition)
            return asked.count == 1
        }
        if first && rivalWinsFirst {
            _ = try await inner.claim(
                jobID: jobID, partition: partition, owner: "rival", leaseDuration: .seconds(600), now: now)
        }
        return try await inner.claim(
            jobID: jobID, partition: partition, owner: owner, leaseDuration: leaseDuration, now: now)
    }
    func renew(
        jobID: String, partition: String, owner: String, attempt: Int, leaseDuration: Duration, now: Timestamp
    ) async throws -> Bool {
        try await inner.renew(
            jobID: jobID, partition: partition, owner: owner, attempt: attempt, leaseDuration: leaseDuration, now: now)
    }
    func complete(
        jobID: String, partition: String, owner: String, attempt: Int, result: PartitionResult,
        details: [String: PartitionDetail], now: Timestamp
    ) async throws -> Bool {
        try await inner.complete(
            jobID: jobID, partition: partition, owner: owner, attempt: attempt, result: result, details: details,
            now: now)
    }
    func skip(jobID: String, partitions: [String], reason: String, now: Timestamp) async throws -> [String] {
        try await inner.skip(jobID: jobID, partitions: partitions, reason: reason, now: now)
    }
    func setStatus(
        jobID: String, to status: JobStatus, reason: String?, from: Set<JobStatus>, requireIdle: Bool,
        expiresAt: Timestamp?, now: Timestamp
    ) async throws -> Bool {
        try await inner.setStatus(
            jobID: jobID, to: status, reason: reason, from: from, requireIdle: requireIdle, expiresAt: expiresAt,
            now: now)
    }
    func addPartitions(jobID: String, keys: [String], now: Timestamp) async throws -> [String] {
        try await inner.addPartitions(jobID: jobID, keys: keys, now: now)
    }
    func reopen(jobID: String, resetting partitions: [String], now: Timestamp) async throws -> JobRecord {
        try await inner.reopen(jobID: jobID, resetting: partitions, now: now)
    }
}

/// Workers that read a job at the same moment hold the same queue; after losing a claim a worker jumps to its own
/// point of the queue instead of racing the winner for the next partition in job order.
@Suite("a runner that loses a claim spreads out")
struct LostClaimSpreadTests {
    @Test("after a lost claim the next partition asked for is not the next in job order; alone, job order")
    func spreads() async throws {
        let keys = JobFixtures.definition(12).partitionKeys
        let racing = RivalFirstJobStore(rivalWinsFirst: true)
        let clock = ManualTimeSource()
        _ = try await JobRunner(
            store: racing, time: clock, configuration: JobFixtures.configuration(owner: "worker-b"),
            logger: LogCapture().logger
        ).start(JobFixtures.definition(12), mode: .missing, deadline: .none) { _, _ in PartitionOutcome(records: 1) }
        let asked = racing.asked.withLock { $0 }
        #expect(asked.first == keys[0])
        #expect(asked.count >= 2 && asked[1] != keys[1], "\(asked)")
        #expect(Set(asked).isSuperset(of: keys[1...]), "every other partition still asked for: \(asked)")

        let alone = RivalFirstJobStore(rivalWinsFirst: false)
        _ = try await JobRunner(
            store: alone, time: clock, configuration: JobFixtures.configuration(owner: "worker-b"),
            logger: LogCapture().logger
        ).start(JobFixtures.definition(12), mode: .missing, deadline: .none) { _, _ in PartitionOutcome(records: 1) }
        #expect(alone.asked.withLock { $0 } == keys)
    }
}
