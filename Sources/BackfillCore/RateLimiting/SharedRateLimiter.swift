import Synchronization
public import Timekeeping

/// A rate limit that holds in total across every worker of a key — concurrent Lambdas of a Step Functions Map,
/// two cost backfills at once, the CLI beside a scheduled run — through one stored GCRA state per key.
///
/// A worker claims `batch` consecutive slots with one conditional write (so the store sees far fewer writes
/// than requests: 1/`batch` per request when nobody races), keeps them in memory and spends them on time; a slot
/// it could not use in time is dropped, never spent late in a burst. A throttling answer is recorded in the
/// store as a pause, so every worker waits, and drops its own unspent slots before the pause ends. All waits go
/// through the injected clock.
public final class SharedRateLimiter: SlotSource {
    /// What the limiter did, for tests and benchmarks.
    public struct Counters: Sendable, Hashable {
        public var slotsUsed = 0
        public var writes = 0
        public var reads = 0
        public var conflicts = 0
    }

    struct Local {
        var slots: [Int64] = []
        var known: SharedLimitState?
        var pausedUntil: Int64 = 0
    }

    private let store: any SharedLimitStore
    private let time: any TimeSource
    private let limit: RateLimit
    private let batch: Int
    private let state = Mutex<(keys: [String: Local], counters: Counters)>((keys: [:], counters: Counters()))
    private let gate = KeyedGate()

    /// A limiter allowing `limit` per key in total over every worker using `store`; each claim takes `batch`
    /// slots (by default about two seconds' worth, 1…20).
    public init(store: any SharedLimitStore, limit: RateLimit, time: any TimeSource, batch: Int? = nil) {
        self.store = store
        self.limit = limit
        self.time = time
        let perTwoSeconds = Int((Double(limit.rate) * 2 / limit.period.seconds).rounded(.down))
        self.batch = max(1, min(20, batch ?? perTwoSeconds))
    }

    /// Counters so far.
    public var counters: Counters { state.withLock { $0.counters } }

    /// The gap between two slots, in milliseconds (at least 1).
    var interval: Int64 { max(1, limit.periodNanoseconds / 1_000_000 / Int64(limit.rate)) }

    public func acquireEarliest(_ keys: [String]) async throws -> Int {
        precondition(!keys.isEmpty, "no keys to choose from")
        let now = time.now.millisecondsSince1970
        let index =
            state.withLock { state in
                keys.indices.min {
                    earliest(keys[$0], state.keys[keys[$0]], now) < earliest(keys[$1], state.keys[keys[$1]], now)
                }
            } ?? 0
        try await acquire(keys[index])
        return index
    }

    /// Waits for the next slot of `key`, counts it, and returns the slot's time (a slot may be used up to one
    /// interval late, never twice).
    @discardableResult
    public func acquire(_ key: String) async throws -> Timestamp {
        while true {
            if let slot = takeSlot(key) {
                let now = time.now.millisecondsSince1970
                if slot > now { try await time.sleep(for: .milliseconds(slot - now)) }
                return Timestamp(millisecondsSince1970: slot)
            }
            // One claim at a time per key in this process; whoever waited may find slots already claimed.
            try await gate.withKey(key) {
                guard !self.hasSlot(key) else { return }
                try await self.claim(key, now: self.time.now.millisecondsSince1970)
            }
        }
    }

    /// Takes this worker's next usable slot of `key`, dropping those too late to use or inside a pause.
    private func takeSlot(_ key: String) -> Int64? {
        let now = time.now.millisecondsSince1970
        return state.withLock { state in
            var local = state.keys[key] ?? Local()
            local.slots.removeAll { $0 < now - interval || $0 < local.pausedUntil }
            let next = local.slots.isEmpty ? nil : local.slots.removeFirst()
            state.keys[key] = local
            if next != nil { state.counters.slotsUsed += 1 }
            return next
        }
    }

    /// Whether this worker holds a usable slot of `key`.
    private func hasSlot(_ key: String) -> Bool {
        let now = time.now.millisecondsSince1970
        return state.withLock { state in
            guard let local = state.keys[key] else { return false }
            return local.slots.contains { $0 >= now - interval && $0 >= local.pausedUntil }
        }
    }

    /// Records a pause of `key` for every worker (its own unspent slots before the end are dropped).
    public func pause(_ key: String, for duration: Duration) async {
        let until = time.now.millisecondsSince1970 + duration.wholeMilliseconds
        state.withLock { state in
            var local = state.keys[key] ?? Local()
            local.pausedUntil = max(local.pausedUntil, until)
            state.keys[key] = local
        }
        for _ in 0..<4 {
            let stored: SharedLimitState?
            do { stored = try await read(key) } catch { return }  // the local pause still holds
            let current = stored ?? SharedLimitState(nextSlot: 0, version: 0)
            guard current.pausedUntil < until else { return }
            let next = SharedLimitState(
                nextSlot: max(current.nextSlot, until), pausedUntil: until, version: current.version + 1)
            if (try? await write(key, next, expected: stored?.version)) == true { return }
        }
    }

    /// Takes `batch` slots from the stored schedule with one conditional write (re-reading after a conflict).
    private func claim(_ key: String, now: Int64) async throws {
        var current = state.withLock { $0.keys[key]?.known }
        for attempt in 0..<16 {
            if current == nil || attempt > 0 { current = try await read(key) }
            let base = current ?? SharedLimitState(nextSlot: now, version: 0)
            let start = max(base.nextSlot, now, base.pausedUntil)
            let slots = (0..<Int64(batch)).map { start + $0 * interval }
            let next = SharedLimitState(
                nextSlot: start + Int64(batch) * interval, pausedUntil: base.pausedUntil, version: base.version + 1)
            if try await write(key, next, expected: current?.version) {
                state.withLock { state in
                    var local = state.keys[key] ?? Local()
                    local.slots = slots
                    local.known = next
                    local.pausedUntil = max(local.pausedUntil, next.pausedUntil)
                    state.keys[key] = local
                }
                return
            }
        }
        throw BackfillCoreError(.conflict, "could not claim rate-limit slots after 16 tries", context: ["key": key])
    }

    private func read(_ key: String) async throws -> SharedLimitState? {
        state.withLock { $0.counters.reads += 1 }
        let value = try await store.read(key)
        state.withLock { $0.keys[key, default: Local()].known = value }
        return value
    }

    private func write(_ key: String, _ next: SharedLimitState, expected: Int?) async throws -> Bool {
        let written = try await store.write(key, next, expected: expected)
        state.withLock { state in
            state.counters.writes += 1
            if written { state.keys[key, default: Local()].known = next } else { state.counters.conflicts += 1 }
        }
        return written
    }

    /// When `key` could go next, as far as this worker knows.
    private func earliest(_ key: String, _ local: Local?, _ now: Int64) -> Int64 {
        if let slot = local?.slots.first(where: { $0 >= now - interval }) { return max(slot, now) }
        return max(local?.known?.nextSlot ?? now, local?.pausedUntil ?? 0, now)
    }
}
