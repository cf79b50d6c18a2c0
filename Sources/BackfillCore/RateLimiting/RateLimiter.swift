import Synchronization
public import Timekeeping

/// Rate limits per key (a source API key, a tenant, a service) with exact waits: `acquire` reserves a slot and
/// sleeps on the injected clock until it comes; a `Retry-After` pauses a key. The CLI and the Lambda share it.
public final class RateLimiter: Sendable {
    struct KeyState {
        var gcra: GCRA
        var pausedUntil: Int64 = 0
    }

    private let time: any TimeSource
    private let defaultLimit: RateLimit
    private let limits: [String: RateLimit]
    private let state = Mutex<[String: KeyState]>([:])

    /// A limiter applying `limits[key]` or `defaultLimit`.
    public init(time: any TimeSource, defaultLimit: RateLimit, limits: [String: RateLimit] = [:]) {
        self.time = time
        self.defaultLimit = defaultLimit
        self.limits = limits
    }

    /// Waits until a request on `key` may go, and counts it.
    public func acquire(_ key: String) async throws {
        let wait = reserve(key, at: Self.nanoseconds(time.now))
        if wait > 0 { try await time.sleep(for: .nanoseconds(wait)) }
    }

    /// Waits until a request on one of `keys` may go, choosing the key that can go first (ties: earliest in the
    /// list), counts it on that key, and returns its index.
    public func acquireEarliest(_ keys: [String]) async throws -> Int {
        precondition(!keys.isEmpty, "no keys to choose from")
        let (index, wait) = reserveEarliest(keys, at: Self.nanoseconds(time.now))
        if wait > 0 { try await time.sleep(for: .nanoseconds(wait)) }
        return index
    }

    /// Reserves a slot on `key` for a request at `now`; returns the wait in nanoseconds.
    func reserve(_ key: String, at now: Int64) -> Int64 {
        state.withLock { reserve(key, at: now, in: &$0) }
    }

    /// Reserves a slot on whichever of `keys` can go first; returns its index and the wait in nanoseconds.
    func reserveEarliest(_ keys: [String], at now: Int64) -> (index: Int, wait: Int64) {
        state.withLock { states in
            let waits = keys.map { Self.wait(entry($0, in: states), at: now) }
            let index = waits.indices.min { waits[$0] < waits[$1] } ?? 0
            return (index, reserve(keys[index], at: now, in: &states))
        }
    }

    private func reserve(_ key: String, at now: Int64, in states: inout [String: KeyState]) -> Int64 {
        var entry = entry(key, in: states)
        let start = max(now, entry.pausedUntil)
        let wait = entry.gcra.reserve(at: start) + (start - now)
        states[key] = entry
        return wait
    }

    /// How long a request on `key` would wait now, without reserving.
    public func currentWait(_ key: String) -> Duration {
        let now = Self.nanoseconds(time.now)
        return .nanoseconds(state.withLock { Self.wait(entry(key, in: $0), at: now) })
    }

    /// Stops `key` for `duration` (a `Retry-After`); later requests queue behind the pause.
    public func pause(_ key: String, for duration: Duration) {
        let until = Self.nanoseconds(time.now) + duration.wholeMilliseconds * 1_000_000
        state.withLock { states in
            var entry = entry(key, in: states)
            entry.pausedUntil = max(entry.pausedUntil, until)
            states[key] = entry
        }
    }

    /// Pauses `key` per a `Retry-After` header in delay-seconds form; false when the value is not understood.
    @discardableResult
    public func pause(_ key: String, retryAfter header: String) -> Bool {
        let trimmed = header.trimmingSpaces
        if let seconds = Double(trimmed), seconds >= 0, seconds < 86_400 {
            pause(key, for: .milliseconds(Int64((seconds * 1000).rounded(.up))))
            return true
        }
        return false
    }

    private func entry(_ key: String, in states: [String: KeyState]) -> KeyState {
        states[key] ?? KeyState(gcra: GCRA(limit: limits[key] ?? defaultLimit))
    }

    private static func wait(_ entry: KeyState, at now: Int64) -> Int64 {
        let start = max(now, entry.pausedUntil)
        return entry.gcra.wait(at: start) + (start - now)
    }

    static func nanoseconds(_ timestamp: Timestamp) -> Int64 { timestamp.millisecondsSince1970 * 1_000_000 }
}

extension String {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
