public import Timekeeping

/// How a partition attempt ended, as the runner reports it to the store.
public enum PartitionResult: Sendable, Hashable {
    /// Done, with the records written.
    case succeeded(records: Int64, duration: Duration)
    /// Failed; `error` is already redacted.
    case failed(error: String, duration: Duration)
    /// Nothing to do (e.g. the output already exists).
    case skipped(reason: String, duration: Duration)

    /// The records written (zero unless succeeded).
    public var records: Int64 {
        if case .succeeded(let records, _) = self { return records }
        return 0
    }

    /// How long the attempt took.
    public var duration: Duration {
        switch self {
        case .succeeded(_, let duration), .failed(_, let duration), .skipped(_, let duration): duration
        }
    }

    /// The partition status this result leads to.
    public var status: PartitionStatus {
        switch self {
        case .succeeded: .succeeded
        case .failed: .failed
        case .skipped: .skipped
        }
    }
}

/// The answer to a claim.
public enum ClaimResult: Sendable, Hashable {
    /// The caller now holds the lease; the state shows the attempt number and lease.
    case claimed(PartitionState)
    /// Someone else holds it, it is settled, or the job does not accept claims; the current state and job
    /// status say which.
    case unavailable(PartitionState, jobStatus: JobStatus)
}

/// Where jobs and their partitions' progress live. Every state change is one conditional write, so two workers
/// never hold the same partition, and a worker only records results for partitions it still holds.
///
/// Implementations: ``InMemoryJobStore`` (tests, CLI dry runs) and the DynamoDB store (`BackfillJobs` table).
public protocol JobStore: Sendable {
    /// Creates the job, or returns the existing one with the same id (`created` false): concurrent or repeated
    /// triggers join one job.
    func createJob(_ definition: JobDefinition, now: Timestamp) async throws -> (record: JobRecord, created: Bool)

    /// The job with every partition's state, or nil.
    func job(id: String) async throws -> JobRecord?

    /// Recent jobs, newest first.
    func listJobs(limit: Int) async throws -> [JobSummary]

    /// Claims `partition` for `owner` until `now + leaseDuration` if it is pending, failed with attempts left, or
    /// running under a lapsed lease, and the job accepts claims; counts the attempt. A lapsed lease on the last
    /// allowed attempt is recorded as failed instead.
    func claim(
        jobID: String,
        partition: String,
        owner: String,
        leaseDuration: Duration,
        now: Timestamp
    ) async throws -> ClaimResult

    /// Extends `owner`'s lease on `partition` (attempt `attempt`) to `now + leaseDuration`; false if it lost it.
    func renew(
        jobID: String,
        partition: String,
        owner: String,
        attempt: Int,
        leaseDuration: Duration,
        now: Timestamp
    ) async throws -> Bool

    /// Records the result of `owner`'s attempt `attempt` with the handler's `details` (replacing those of an
    /// earlier attempt) and releases the lease; false (nothing written) if the lease was taken over meanwhile.
    func complete(
        jobID: String,
        partition: String,
        owner: String,
        attempt: Int,
        result: PartitionResult,
        details: [String: PartitionDetail],
        now: Timestamp
    ) async throws -> Bool

    /// Marks pending partitions as skipped with `reason` (others are left alone); returns the keys it changed.
    func skip(jobID: String, partitions: [String], reason: String, now: Timestamp) async throws -> [String]

    /// Sets the job's status when it is currently one of `from`; with `requireIdle`, only when no partition is
    /// pending or running. Finished statuses set the TTL (`expiresAt`). False when the condition failed.
    func setStatus(
        jobID: String,
        to status: JobStatus,
        reason: String?,
        from: Set<JobStatus>,
        requireIdle: Bool,
        expiresAt: Timestamp?,
        now: Timestamp
    ) async throws -> Bool

    /// Appends `keys` to the job as pending partitions (keys already in the job are left alone); returns the keys
    /// added. A partition that splits itself adds its halves this way.
    func addPartitions(jobID: String, keys: [String], now: Timestamp) async throws -> [String]

    /// Resets `partitions` (those not running) to pending with no attempts and the job to pending without TTL,
    /// clearing its status reason; returns the updated job.
    func reopen(jobID: String, resetting partitions: [String], now: Timestamp) async throws -> JobRecord
}

extension JobStore {
    /// Records the result of `owner`'s attempt `attempt` without details; see
    /// ``complete(jobID:partition:owner:attempt:result:details:now:)``.
    public func complete(
        jobID: String,
        partition: String,
        owner: String,
        attempt: Int,
        result: PartitionResult,
        now: Timestamp
    ) async throws -> Bool {
        try await complete(
            jobID: jobID, partition: partition, owner: owner, attempt: attempt, result: result, details: [:], now: now)
    }
}
