import Synchronization
public import Timekeeping

/// Calls a source (an HTTP API or an AWS service) within its rate limits, for every handler family:
///
/// - each attempt first takes a slot from a GCRA ``RateLimiter`` key; with several credentials the ring hands
///   out whichever key can go first, each at its own limit;
/// - a throttling answer pauses only the key that got it (its `Retry-After`, else the backoff) and the call
///   moves on, to another key when there is one;
/// - a transient failure waits a jittered backoff; a refused key leaves the ring for good;
/// - after `policy.maxAttempts` the last failure is thrown as ``CallExhaustedError``.
///
/// Every wait goes through the injected clock, so the behaviour is tested without sleeping. One caller per source
/// per process: concurrent partitions and invocations share its limits.
public final class RateLimitedCaller<Key: Sendable>: Sendable {
    /// This process's limiter (every key's quota and pauses when no shared limiter is given).
    public let limiter: RateLimiter
    /// Where slots come from: `limiter`, or the shared limiter holding the limit across workers.
    public let slots: any SlotSource
    /// The clock waits go through.
    public let time: any TimeSource
    /// Attempts and backoff.
    public let policy: CallPolicy
    private let keys: [(name: String, value: Key)]
    private let classify: @Sendable (any Error) -> CallFailure
    private let random: @Sendable () -> Double
    private let rejected = Mutex<Set<String>>([])

    /// A caller over `keys` (names appear in logs and errors, values never do), each allowed `limit`.
    /// - Parameters:
    ///   - classify: how a thrown error is treated; errors conforming to ``ClassifiedFailure`` say so themselves,
    ///     anything else is `fatal` unless this says otherwise.
    ///   - random: a uniform value in `0..<1` for the jitter of transient backoffs (injected in tests).
    ///   - shared: a limiter whose limit holds across every worker (separate Lambdas); nil paces this process.
    public init(
        keys: [(name: String, value: Key)],
        limit: RateLimit,
        time: any TimeSource,
        policy: CallPolicy = CallPolicy(),
        shared: SharedRateLimiter? = nil,
        classify: @escaping @Sendable (any Error) -> CallFailure = {
            ($0 as? any ClassifiedFailure)?.callFailure ?? .fatal
        },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        precondition(!keys.isEmpty, "a rate-limited caller needs at least one key")
        self.keys = keys
        let limiter = RateLimiter(time: time, defaultLimit: limit)
        self.limiter = limiter
        self.slots = shared ?? limiter
        self.time = time
        self.policy = policy
        self.classify = classify
        self.random = random
    }

    /// Names of the keys refused so far (taken out of the ring).
    public var rejectedKeys: [String] { rejected.withLock { $0.sorted() } }

    /// Names of the keys still in the ring.
    public var activeKeys: [String] {
        let refused = rejected.withLock { $0 }
        return keys.map(\.name).filter { !refused.contains($0) }
    }

    /// Runs `body` with a key, within the limits, retrying as the failure allows.
    public func call<Value: Sendable>(
        _ body: (_ key: Key, _ keyName: String) async throws -> Value
    ) async throws -> CallResult<Value> {
        var attempts = 0
        var throttles = 0
        var retries = 0
        var rejectedHere: [String] = []
        while true {
            let ring = activeRing()
            guard !ring.isEmpty else {
                throw CallExhaustedError(
                    last: NoKeyLeftError(), attempts: attempts,
                    rejectedKeys: rejectedHere.isEmpty
                        ? rejectedKeys : rejectedHere)
            }
            let index = try await slots.acquireEarliest(ring.map(\.name))
            let (name, key) = ring[index]
            attempts += 1
            do {
                return CallResult(value: try await body(key, name), attempts: attempts, throttles: throttles)
            } catch {
                let failure = classify(error)
                let exhausted = attempts >= policy.maxAttempts
                switch failure {
                case .fatal:
                    throw error
                case .rejectedKey:
                    rejected.withLock { _ = $0.insert(name) }
                    rejectedHere.append(name)
                    if exhausted || activeRing().isEmpty {
                        throw CallExhaustedError(last: error, attempts: attempts, rejectedKeys: rejectedHere)
                    }
                case .throttled(let retryAfter):
                    throttles += 1
                    retries += 1
                    if exhausted {
                        throw CallExhaustedError(last: error, attempts: attempts, rejectedKeys: rejectedHere)
                    }
                    limiter.pause(
                        name, for: retryAfter.map { min($0, policy.maxPause) } ?? policy.backoff(retry: retries))
                case .transient(let retryAfter):
                    retries += 1
                    if exhausted {
                        throw CallExhaustedError(last: error, attempts: attempts, rejectedKeys: rejectedHere)
                    }
                    try await time.sleep(for: retryAfter.map { min($0, policy.maxBackoff) } ?? jittered(retry: retries))
                }
            }
        }
    }

    /// Half the backoff plus a random share of the other half: spread out, never zero.
    func jittered(retry: Int) -> Duration {
        let backoff = policy.backoff(retry: retry)
        return backoff / 2 + backoff / 2 * min(max(random(), 0), 1)
    }

    private func activeRing() -> [(name: String, value: Key)] {
        let refused = rejected.withLock { $0 }
        return keys.filter { !refused.contains($0.name) }
    }

}

/// Every key of the ring was refused.
public struct NoKeyLeftError: Error, Sendable, CustomStringConvertible {
    public var description: String { "every key was refused by the source" }
}

extension RateLimitedCaller where Key == Void {
    /// A caller with one unnamed credential (a service paced as a whole), counted under `name`.
    public convenience init(
        name: String,
        limit: RateLimit,
        time: any TimeSource,
        policy: CallPolicy = CallPolicy(),
        shared: SharedRateLimiter? = nil,
        classify: @escaping @Sendable (any Error) -> CallFailure = {
            ($0 as? any ClassifiedFailure)?.callFailure ?? .fatal
        },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.init(
            keys: [(name: name, value: ())], limit: limit, time: time, policy: policy, shared: shared,
            classify: classify, random: random)
    }

    /// Runs `body` within the limit, retrying as the failure allows.
    public func call<Value: Sendable>(_ body: () async throws -> Value) async throws -> CallResult<Value> {
        try await call { _, _ in try await body() }
    }
}
