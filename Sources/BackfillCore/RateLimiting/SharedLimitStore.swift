/// A shared limit as stored: the next free slot of the GCRA schedule and a pause, both in milliseconds since
/// 1970, with a version for conditional writes.
public struct SharedLimitState: Sendable, Hashable {
    /// The earliest time the next request may go (GCRA's theoretical arrival time).
    public var nextSlot: Int64
    /// No request before this time (a throttling answer's `Retry-After`, seen by one worker, for all).
    public var pausedUntil: Int64
    /// Incremented by every write.
    public var version: Int
    /// Free slots before `nextSlot`, ascending: the gaps left by workers that claim every n-th slot (see
    /// ``SharedRateLimiter``). Every other slot before `nextSlot` is taken.
    public var open: [Int64]

    /// A state.
    public init(nextSlot: Int64, pausedUntil: Int64 = 0, version: Int, open: [Int64] = []) {
        self.nextSlot = nextSlot
        self.pausedUntil = pausedUntil
        self.version = version
        self.open = open
    }
}

/// Where shared limits live: one item per limit key in DynamoDB (``DynamoDBSharedLimitStore``), or memory
/// (tests). Every change is one conditional write, so two workers never take the same slots.
public protocol SharedLimitStore: Sendable {
    /// The stored state of `key`, or nil when nobody has used it yet (read consistently).
    func read(_ key: String) async throws -> SharedLimitState?
    /// Stores `state` if the stored version is `expected` (nil: no item yet); false when another worker wrote
    /// first (nothing written).
    func write(_ key: String, _ state: SharedLimitState, expected: Int?) async throws -> Bool
}
