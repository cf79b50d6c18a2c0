public import Logging
public import Timekeeping

/// What the work for one partition produced.
public struct PartitionOutcome: Sendable, Hashable {
    /// Records written.
    public var records: Int64
    /// Throttling responses the work met (and retried), for metrics.
    public var throttles: Int
    /// Set when the work decided there was nothing to do; the partition is recorded as skipped.
    public var skippedReason: String?
    /// Set when the partition is too big to do in one piece: these keys join the job as new partitions, and this
    /// one is recorded as skipped ("split into …"). Adding keys already in the job changes nothing, so a retried
    /// split is harmless.
    public var splitInto: [String] = []
    /// What the tracker records on the partition beside its records (e.g. records fetched, rejected, pages, the
    /// object key); see ``PartitionDetail``.
    public var details: [String: PartitionDetail] = [:]

    /// Done, with `records` written and the `details` to record on the partition.
    public init(records: Int64, throttles: Int = 0, details: [String: PartitionDetail] = [:]) {
        self.records = records
        self.throttles = throttles
        self.skippedReason = nil
        self.details = details
    }

    /// Replaces this partition by `keys` (e.g. the two halves of a window with too many records).
    public static func split(
        into keys: [String], throttles: Int = 0, details: [String: PartitionDetail] = [:]
    ) -> PartitionOutcome {
        var outcome = PartitionOutcome(records: 0, throttles: throttles, details: details)
        outcome.splitInto = keys
        outcome.skippedReason = "split into " + keys.joined(separator: ", ")
        return outcome
    }

    /// Nothing to do, for `reason` (e.g. `exists at destination`).
    public static func skipped(_ reason: String, throttles: Int = 0) -> PartitionOutcome {
        var outcome = PartitionOutcome(records: 0, throttles: throttles)
        outcome.skippedReason = reason
        return outcome
    }
}

/// The work a handler supplies: process one partition and say what it produced; throw to fail the attempt.
public typealias PartitionWork = @Sendable (Partition, PartitionContext) async throws -> PartitionOutcome

/// What the work for one partition may use: its identity, a logger with job metadata, the clock, the time
/// left, and `checkIn()` to keep its lease during long work.
public struct PartitionContext: Sendable {
    /// The job.
    public var jobID: String
    /// Which claim of this partition this is (1 for the first).
    public var attempt: Int
    /// A logger carrying `job_id`, `partition` and `attempt`.
    public var logger: Logger
    /// The injected clock.
    public var time: any TimeSource
    let keeper: LeaseKeeper
    let deadline: Deadline

    /// Renews the lease when it is due (the runner also does so in the background) and throws
    /// `BackfillCoreError.conflict` when another worker took the partition over, so the work can stop early.
    public func checkIn() async throws {
        try await keeper.renewIfDue()
    }

    /// Time left before the invocation's deadline, or nil when there is none.
    public var remainingTime: Duration? { deadline.remaining(at: time.now) }
}
