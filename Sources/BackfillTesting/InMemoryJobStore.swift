public import BackfillCore
import Synchronization
public import Timekeeping

/// A ``JobStore`` in memory with the same conditional semantics as the DynamoDB one, for unit tests and local
/// runs. It counts writes, so tests can measure the tracker's overhead.
public final class InMemoryJobStore: JobStore {
    /// How many conditional writes of each kind were attempted (a failed condition still costs a write).
    public struct WriteCounts: Sendable, Hashable {
        public var create = 0
        public var claim = 0
        public var renew = 0
        public var complete = 0
        public var skip = 0
        public var status = 0
        public var reopen = 0
        public var add = 0

        /// Every write.
        public var total: Int { create + claim + renew + complete + skip + status + reopen + add }
    }

    private let state = Mutex<(jobs: [String: JobRecord], order: [String], writes: WriteCounts, log: [String])>(
        (jobs: [:], order: [], writes: WriteCounts(), log: [])
    )

    /// An empty store.
    public init() {}

    /// Writes so far.
    public var writes: WriteCounts { state.withLock { $0.writes } }

    /// Every call in order: `create`, `create-existing` (a create that read the existing job, as DynamoDB's
    /// conditional put followed by GetItem does), `read`, `claim`, `renew`, `complete`, `skip`, `status`,
    /// `reopen`, `list`.
    public var operations: [String] { state.withLock { $0.log } }

    /// Reads of a job item (`read` and `create-existing`) before the first claim.
    public var readsBeforeFirstClaim: Int {
        operations.prefix { $0 != "claim" }.filter { $0 == "read" || $0 == "create-existing" }.count
    }

    public func createJob(_ definition: JobDefinition, now: Timestamp) async throws -> (
        record: JobRecord, created: Bool
    ) {
        try state.withLock { state in
            state.writes.create += 1
            if let existing = state.jobs[definition.jobID] {
                state.log.append("create-existing")
                return (existing, false)
            }
            state.log.append("create")
            guard Set(definition.partitionKeys).count == definition.partitionKeys.count else {
                throw BackfillCoreError(
                    .invalidPartition, "duplicate partition keys", context: ["job": definition.jobID])
            }
            let record = JobRecord(definition, now: now)
            state.jobs[definition.jobID] = record
            state.order.append(definition.jobID)
            return (record, true)
        }
    }

    public func job(id: String) async throws -> JobRecord? {
        state.withLock { state in
            state.log.append("read")
            return state.jobs[id]
        }
    }

    public func listJobs(limit: Int) async throws -> [JobSummary] {
        state.withLock { state in
            state.jobs.values.sorted { ($0.createdAt, $0.jobID) > ($1.createdAt, $1.jobID) }.prefix(limit).map(
                \.summary)
        }
    }

    public func claim(
        jobID: String,
        partition: String,
        owner: String,
        leaseDuration: Duration,
        now: Timestamp
    ) async throws -> ClaimResult {
        try mutate(jobID, partition) { job, index, writes in
            writes.claim += 1
            let current = job.partitions[index]
            if current.isAbandoned(at: now, maxAttempts: job.maxAttempts) {
                job.abandon(index, now: now)
                return .unavailable(job.partitions[index], jobStatus: job.status)
            }
            guard job.status.acceptsClaims, current.isClaimable(at: now, maxAttempts: job.maxAttempts) else {
                return .unavailable(current, jobStatus: job.status)
            }
            job.claim(index, owner: owner, leaseDuration: leaseDuration, now: now)
            return .claimed(job.partitions[index])
        }
    }

    public func renew(
        jobID: String,
        partition: String,
        owner: String,
        attempt: Int,
        leaseDuration: Duration,
        now: Timestamp
    ) async throws -> Bool {
        try mutate(jobID, partition) { job, index, writes in
            writes.renew += 1
            guard job.partitions[index].isHeld(by: owner, attempt: attempt) else { return false }
            job.partitions[index].lease?.expiresAt = now + leaseDuration
            return true
        }
    }

    public func complete(
        jobID: String,
        partition: String,
        owner: String,
        attempt: Int,
        result: PartitionResult,
        details: [String: PartitionDetail],
        now: Timestamp
    ) async throws -> Bool {
        try mutate(jobID, partition) { job, index, writes in
            writes.complete += 1
            guard job.partitions[index].isHeld(by: owner, attempt: attempt) else { return false }
            job.record(result, at: index, details: details, now: now)
            return true
        }
    }

    public func skip(jobID: String, partitions: [String], reason: String, now: Timestamp) async throws -> [String] {
        try state.withLock { state in
            state.writes.skip += 1
            state.log.append("skip")
            guard var job = state.jobs[jobID] else { throw Self.notFound(jobID) }
            var changed: [String] = []
            for key in partitions {
                guard let index = job.partitions.firstIndex(where: { $0.key == key }),
                    job.partitions[index].status == .pending
                else { continue }
                job.record(.skipped(reason: reason, duration: .zero), at: index, now: now)
                changed.append(key)
            }
            state.jobs[jobID] = job
            return changed
        }
    }

    public func setStatus(
        jobID: String,
        to status: JobStatus,
        reason: String?,
        from: Set<JobStatus>,
        requireIdle: Bool,
        expiresAt: Timestamp?,
        now: Timestamp
    ) async throws -> Bool {
        try state.withLock { state in
            state.writes.status += 1
            state.log.append("status")
            guard var job = state.jobs[jobID] else { throw Self.notFound(jobID) }
            guard from.contains(job.status) else { return false }
            if requireIdle && (job.totals.pending > 0 || job.totals.running > 0) { return false }
            job.status = status
            job.statusReason = reason
            job.expiresAt = expiresAt
            job.updatedAt = now
            state.jobs[jobID] = job
            return true
        }
    }

    public func addPartitions(jobID: String, keys: [String], now: Timestamp) async throws -> [String] {
        try state.withLock { state in
            state.writes.add += 1
            state.log.append("add")
            guard var job = state.jobs[jobID] else { throw Self.notFound(jobID) }
            let added = job.addPartitions(keys, now: now)
            state.jobs[jobID] = job
            return added
        }
    }

    public func reopen(jobID: String, resetting partitions: [String], now: Timestamp) async throws -> JobRecord {
        try state.withLock { state in
            state.writes.reopen += 1
            state.log.append("reopen")
            guard var job = state.jobs[jobID] else { throw Self.notFound(jobID) }
            job.reopen(resetting: Set(partitions), now: now)
            state.jobs[jobID] = job
            return job
        }
    }

    private func mutate<Result>(
        _ jobID: String,
        _ partition: String,
        _ body: (inout JobRecord, Int, inout WriteCounts) throws -> Result
    ) throws -> Result {
        try state.withLock { state in
            guard var job = state.jobs[jobID] else { throw Self.notFound(jobID) }
            guard let index = job.partitions.firstIndex(where: { $0.key == partition }) else {
                throw BackfillCoreError(
                    .invalidPartition, "unknown partition", context: ["job": jobID, "key": partition])
            }
            let before = state.writes
            let result = try body(&job, index, &state.writes)
            if state.writes.claim > before.claim { state.log.append("claim") }
            if state.writes.renew > before.renew { state.log.append("renew") }
            if state.writes.complete > before.complete { state.log.append("complete") }
            state.jobs[jobID] = job
            return result
        }
    }

    private static func notFound(_ jobID: String) -> BackfillCoreError {
        BackfillCoreError(.jobNotFound, "no such job", context: ["job": jobID])
    }
}
