/// The lifecycle of a job.
public enum JobStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Created; no partition claimed yet.
    case pending
    /// At least one worker has claimed a partition.
    case running
    /// Every partition succeeded or was skipped.
    case completed
    /// Finished, with some partitions failed after their last attempt.
    case completedWithErrors = "completed_with_errors"
    /// Finished with every attempted partition failed.
    case failed
    /// Stopped by an operator; no new partitions are claimed.
    case cancelled
    /// Stopped by the circuit breaker (or an operator); `retry` or a new trigger reopens it.
    case paused

    /// Whether workers may claim partitions.
    public var acceptsClaims: Bool { self == .pending || self == .running }

    /// Whether the job has finished (and carries a TTL).
    public var isFinished: Bool { self == .completed || self == .completedWithErrors || self == .failed }
}

/// The lifecycle of one partition.
public enum PartitionStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Not yet attempted (or reset for reprocessing).
    case pending
    /// Claimed by a worker holding a lease.
    case running
    /// Done.
    case succeeded
    /// The last attempt failed; claimable again while attempts remain.
    case failed
    /// Not processed, on purpose (already at the destination, or nothing to do).
    case skipped

    /// One letter for compact grids: `.`, `R`, `S`, `F`, `-`.
    public var letter: Character {
        switch self {
        case .pending: "."
        case .running: "R"
        case .succeeded: "S"
        case .failed: "F"
        case .skipped: "-"
        }
    }
}
