import BackfillCore
import BackfillTesting
import Synchronization
import Testing
import Timekeeping

/// The limit shared across workers through one stored state: slots claimed in batches, never handed out twice,
/// spaced at the limit in total, pauses seen by every worker.
@Suite("Shared rate limiter: one limit across workers")
struct SharedRateLimiterTests {
    let clock = ManualTimeSource()
    let store = InMemorySharedLimitStore()

    @Test("one worker: requests spaced at the limit, one conditional write per batch of slots")
    func batches() async throws {
        let limiter = SharedRateLimiter(store: store, limit: .perSecond(10), time: clock, batch: 5)
        var times: [Timestamp] = []
        for _ in 0..<20 {
            try await limiter.acquire("svc")
            times.append(clock.now)
        }
        let gaps = zip(times.dropFirst(), times).map { $0 - $1 }
        #expect(gaps.allSatisfy { $0 == .milliseconds(100) })
        #expect(limiter.counters.writes == 4)  // 20 requests, batches of 5: 0.2 writes a request
        #expect(limiter.counters.conflicts == 0)
    }

    @Test("two workers taking turns never get the same slot and together stay within the limit")
    func twoWorkers() async throws {
        let a = SharedRateLimiter(store: store, limit: .perSecond(10), time: clock, batch: 4)
        let b = SharedRateLimiter(store: store, limit: .perSecond(10), time: clock, batch: 4)
        var times: [Int64] = []
        for round in 0..<30 {
            times.append(try await (round % 3 == 0 ? b : a).acquire("svc").millisecondsSince1970)
        }
        #expect(Set(times).count == times.count, "a slot was used twice")
        let sorted = times.sorted()
        #expect(zip(sorted.dropFirst(), sorted).allSatisfy { $0 - $1 >= 100 })
        #expect(a.counters.writes > 0 && b.counters.writes > 0)  // both claimed from the one schedule
    }

    @Test("a pause recorded by one worker holds for another")
    func pauseSeenByOthers() async throws {
        let a = SharedRateLimiter(store: store, limit: .perSecond(10), time: clock, batch: 2)
        let b = SharedRateLimiter(store: store, limit: .perSecond(10), time: clock, batch: 2)
        try await a.acquire("svc")
        let pausedAt = clock.now
        await a.pause("svc", for: .seconds(30))
        try await b.acquire("svc")
        #expect(clock.now >= pausedAt + .seconds(30))
        try await a.acquire("svc")
        #expect(clock.now >= pausedAt + .seconds(30))
    }

    @Test("the rate-limited caller spends shared slots, so its requests count against the shared limit")
    func callerUsesShared() async throws {
        let shared = SharedRateLimiter(store: store, limit: .perSecond(5), time: clock, batch: 5)
        let caller = RateLimitedCaller(name: "svc", limit: .perSecond(5), time: clock, shared: shared)
        for _ in 0..<10 { _ = try await caller.call { 1 } }
        #expect(shared.counters.slotsUsed == 10)
        #expect(store.operations.writes == 2)
    }
}
