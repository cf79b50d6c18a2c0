public import Timekeeping

/// Who holds a partition and until when. A lease not renewed by `expiresAt` may be taken over.
public struct Lease: Sendable, Hashable, Codable {
    /// The worker's id (e.g. `lambda:<request id>` or `cli:<host>:<pid>`).
    public var owner: String
    /// When the lease lapses.
    public var expiresAt: Timestamp

    /// A lease held by `owner` until `expiresAt`.
    public init(owner: String, expiresAt: Timestamp) {
        self.owner = owner
        self.expiresAt = expiresAt
    }
}

/// What the tracker records about one partition of a job.
public struct PartitionState: Sendable, Hashable, Codable {
    /// The most UTF-8 bytes of (redacted) error text kept per partition; it bounds the job item's size.
    public static let storedErrorLimit = 160

    /// The partition key.
    public var key: String
    /// Where the partition is in its lifecycle.
    public var status: PartitionStatus
    /// How many times the partition has been claimed.
    public var attempts: Int
    /// The last failure (redacted and truncated), or the skip reason.
    public var lastError: String?
    /// Records written by the successful attempt.
    public var records: Int64
    /// Milliseconds the last finished attempt took.
    public var durationMilliseconds: Int64
    /// The current lease while running.
    public var lease: Lease?
    /// When the partition last changed.
    public var updatedAt: Timestamp?
    /// What the last finished attempt recorded beside its records (e.g. `fetched`, `rejected`, `pages`, `key`);
    /// bounded by ``PartitionDetail/bounded(_:)``.
    public var details: [String: PartitionDetail] = [:]

    /// A fresh pending partition.
    public init(
        key: String,
        status: PartitionStatus = .pending,
        attempts: Int = 0,
        lastError: String? = nil,
        records: Int64 = 0,
        durationMilliseconds: Int64 = 0,
        lease: Lease? = nil,
        updatedAt: Timestamp? = nil
    ) {
        self.key = key
        self.status = status
        self.attempts = attempts
        self.lastError = lastError
        self.records = records
        self.durationMilliseconds = durationMilliseconds
        self.lease = lease
        self.updatedAt = updatedAt
    }

    /// Whether a worker may claim the partition at `now` (pending, failed with attempts left, or running with a
    /// lapsed lease) — the same condition the store's conditional write checks.
    public func isClaimable(at now: Timestamp, maxAttempts: Int) -> Bool {
        switch status {
        case .pending: true
        case .failed: attempts < maxAttempts
        case .running: isLeaseLapsed(at: now) && attempts < maxAttempts
        case .succeeded, .skipped: false
        }
    }

    /// Whether the lease of a running partition has lapsed at `now` (its worker went silent).
    public func isLeaseLapsed(at now: Timestamp) -> Bool {
        status == .running && (lease?.expiresAt ?? now) <= now
    }

    /// Whether a silent worker held the partition on its last allowed attempt: the store then records it as
    /// failed instead of handing it out again, so a partition that crashes its worker cannot loop forever.
    public func isAbandoned(at now: Timestamp, maxAttempts: Int) -> Bool {
        isLeaseLapsed(at: now) && attempts >= maxAttempts
    }

    /// Whether the partition needs no more work: succeeded, skipped, or failed with no attempts left.
    public func isSettled(maxAttempts: Int) -> Bool {
        switch status {
        case .succeeded, .skipped: true
        case .failed: attempts >= maxAttempts
        case .pending, .running: false
        }
    }
}
