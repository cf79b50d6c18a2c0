import Synchronization
public import Timekeeping

/// A rate limit that holds in total across every worker of a key — concurrent Lambdas of a Step Functions Map,
/// two cost backfills at once, the CLI beside a scheduled run — through one stored GCRA state per key.
///
/// A worker claims `batch` slots with one conditional write (so the store sees far fewer writes than requests:
/// 1/`batch` per request when nobody races), keeps them in memory and spends them on time; a slot it could not
/// use in time is dropped, never spent late in a burst. Its slots are spaced at its own pace (the time it spends
/// between two requests, e.g. the source's latency): a worker that cannot go faster than every third slot claims
/// every third one and leaves the others to the other workers (``SharedSlotSchedule``). A throttling answer is recorded in the
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
        /// When this worker last got a slot, and its average time between getting one and asking again.
        var lastGranted: Int64?
        var pace: Int64 = 0
    }

    private let store: any SharedLimitStore
    private let time: any TimeSource
    private let limit: RateLimit
    private let batch: Int
    private let schedule: SharedSlotSchedule
    private let state = Mutex<(keys: [String: Local], counters: Counters)>((keys: [:], counters: Counters()))
    private let gate = KeyedGate()

    /// A limiter allowing `limit` per key in total over every worker using `store`; each claim takes `batch`
    /// slots (by default ``defaultBatch(for:)``).
    public init(store: any SharedLimitStore, limit: RateLimit, time: any TimeSource, batch: Int? = nil) {
        self.store = store
        self.limit = limit
        self.time = time
        self.batch = max(1, min(20, batch ?? Self.defaultBatch(for: limit)))
        schedule = SharedSlotSchedule(interval: Self.interval(for: limit))
    }

    /// The gap between two slots in milliseconds: the period over the rate, less two slots a period at 20 or
    /// more a period (99% of 200/min). A source counting a sliding window sees a request spent up to one
    /// interval late, and arriving later still, beside one spent on time a period later: the two spare slots
    /// keep those inside the limit.
    public static func interval(for limit: RateLimit) -> Int64 {
        let usable = Int64(limit.rate >= 20 ? limit.rate - 2 : limit.rate)
        let period = limit.periodNanoseconds / 1_000_000
        return max(1, (period + usable - 1) / usable)
    }

    /// About three seconds of the limit, 1…20: 10 at 200/min, so one write per 10 requests when nobody races
    /// (goal: at most 0.2 writes a request at 4 workers × 200/min); a worker that stops early wastes at most
    /// that many slots (they expire unused, never spent late).
    public static func defaultBatch(for limit: RateLimit) -> Int {
        max(1, min(20, Int((Double(limit.rate) * 3 / limit.period.seconds).rounded(.down))))
    }

    /// Counters so far.
    public var counters: Counters { state.withLock { $0.counters } }

    /// The gap between two slots, in milliseconds (at least 1).
    var interval: Int64 { schedule.interval }

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
        notePace(key)
        while true {
            if let slot = takeSlot(key) {
                let now = time.now.millisecondsSince1970
                if slot > now { try await time.sleep(for: .milliseconds(slot - now)) }
                let granted = time.now.millisecondsSince1970
                state.withLock { $0.keys[key, default: Local()].lastGranted = granted }
                return Timestamp(millisecondsSince1970: slot)
            }
            // One claim at a time per key in this process; whoever waited may find slots already claimed.
            try await gate.withKey(key) {
                guard !self.hasSlot(key) else { return }
                try await self.claim(key, now: self.time.now.millisecondsSince1970)
            }
        }
    }

    /// Averages the time this worker spent since its last slot (its request's latency, its own work).
    private func notePace(_ key: String) {
        let now = time.now.millisecondsSince1970
        state.withLock { state in
            guard let last = state.keys[key]?.lastGranted else { return }
            let pace = state.keys[key]!.pace
            let spent = max(0, now - last)
            state.keys[key]!.pace = pace == 0 ? spent : (pace * 3 + spent) / 4
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
                nextSlot: max(current.nextSlot, until), pausedUntil: until, version: current.version + 1,
                open: current.open.filter { $0 >= until })
            if (try? await write(key, next, expected: stored?.version)) == true { return }
        }
    }

    /// Takes `batch` slots from the stored schedule, spaced at this worker's pace, with one consistent read and
    /// one conditional write (again after a conflict). The read comes first every time: with several workers the
    /// state this worker knows is almost always stale, and a read costs less than a failed write.
    private func claim(_ key: String, now: Int64) async throws {
        let spacing = schedule.spacing(forPace: state.withLock { $0.keys[key]?.pace ?? 0 })
        for _ in 0..<16 {
            let current = try await read(key)
            // A worker whose pace is not known yet takes two slots while others hold the schedule ahead of now:
            // whole batches of workers starting together would keep the last one waiting seconds for its first.
            let unknown = state.withLock { $0.keys[key]?.lastGranted == nil }
            let size = unknown && (current?.nextSlot ?? 0) > now ? min(batch, 2) : batch
            let (slots, next) = schedule.claim(from: current, now: now, batch: size, stride: spacing)
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
