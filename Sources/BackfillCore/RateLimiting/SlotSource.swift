/// Where a ``RateLimitedCaller`` gets its slots: this process's ``RateLimiter``, or a ``SharedRateLimiter``
/// whose limit holds across every worker.
public protocol SlotSource: Sendable {
    /// Waits until a request on one of `keys` may go (the one that can go first), counts it, returns its index.
    func acquireEarliest(_ keys: [String]) async throws -> Int
    /// Stops `key` for `duration` (a throttling answer's `Retry-After`).
    func pause(_ key: String, for duration: Duration) async
}

extension RateLimiter: SlotSource {}
