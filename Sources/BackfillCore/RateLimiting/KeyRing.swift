/// Several credentials for one source, each with its own quota: `acquire` hands out whichever key can go first
/// and waits exactly as long as that key needs. A key answered with `Retry-After` is paused on its own.
public struct KeyRing<Key: Sendable>: Sendable {
    /// The keys with the names their quotas are tracked under (names, not secrets, appear in logs).
    public let keys: [(name: String, value: Key)]
    private let limiter: RateLimiter

    /// A ring over `keys`; quotas live in `limiter` under each key's name.
    public init(keys: [(name: String, value: Key)], limiter: RateLimiter) {
        precondition(!keys.isEmpty, "a key ring needs at least one key")
        self.keys = keys
        self.limiter = limiter
    }

    /// Waits for the first key with quota and returns its name and value.
    public func acquire() async throws -> (name: String, value: Key) {
        keys[try await limiter.acquireEarliest(keys.map(\.name))]
    }

    /// Pauses key `name` for `duration` (its `Retry-After`).
    public func pause(_ name: String, for duration: Duration) {
        limiter.pause(name, for: duration)
    }
}
