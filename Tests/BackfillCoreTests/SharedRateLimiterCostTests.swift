import BackfillCore
import BackfillTesting
import Testing
import Timekeeping

/// The shared limiter's cost and bound with workers as slow as the source: four workers, each with its own
/// limiter (four Lambdas) and clock, spending 300 ms per request against one 200/min schedule, stepped in
/// virtual-time order (the worker whose clock is earliest goes next), so the run is the same every time.
@Suite("Shared rate limiter: writes per request and the total bound")
struct SharedRateLimiterCostTests {
    struct Grant {
        var worker: Int
        var slot: Int64
        var spent: Int64
    }

    /// Runs `workers` workers for `requests` requests in total, each spending `latency` per request.
    func simulate(
        workers: Int, requests: Int, latency: Duration, limit: RateLimit, store: InMemorySharedLimitStore,
        batch: Int? = nil
    ) async throws -> (grants: [Grant], limiters: [SharedRateLimiter]) {
        let clocks = (0..<workers).map { _ in ManualTimeSource() }
        let limiters = clocks.map { SharedRateLimiter(store: store, limit: limit, time: $0, batch: batch) }
        var grants: [Grant] = []
        for _ in 0..<requests {
            let worker = clocks.indices.min { clocks[$0].now < clocks[$1].now }!
            let slot = try await limiters[worker].acquire("tenant1:connectwise")
            grants.append(
                Grant(
                    worker: worker, slot: slot.millisecondsSince1970, spent: clocks[worker].now.millisecondsSince1970))
            clocks[worker].advance(by: latency)
        }
        return (grants, limiters)
    }

    @Test("4 workers at 200/min with 300 ms latency: at most 0.2 limiter writes a request, no slot twice")
    func writesPerRequest() async throws {
        let store = InMemorySharedLimitStore()
        let (grants, limiters) = try await simulate(
            workers: 4, requests: 240, latency: .milliseconds(300), limit: .perMinute(200), store: store)
        let writes = Double(store.operations.writes) / Double(grants.count)
        #expect(writes <= 0.2, "writes per request \(writes)")
        #expect(Set(grants.map(\.slot)).count == grants.count, "a slot was granted twice")
        #expect(Set(grants.map(\.worker)).count == 4, "a worker never got a slot")
        #expect(limiters.map(\.counters.slotsUsed).reduce(0, +) == 240)
    }

    @Test("the total never exceeds the limit: slots an interval apart, each spent within it, ≤ 198 a minute")
    func totalBound() async throws {
        let store = InMemorySharedLimitStore()
        let (grants, _) = try await simulate(
            workers: 4, requests: 400, latency: .milliseconds(300), limit: .perMinute(200), store: store)
        let slots = grants.map(\.slot).sorted()
        #expect(zip(slots.dropFirst(), slots).allSatisfy { $0 - $1 >= 304 })
        #expect(grants.allSatisfy { $0.spent >= $0.slot && $0.spent < $0.slot + 304 })
        for (index, first) in slots.enumerated() {
            let inMinute = slots[index...].prefix { $0 < first + 60_000 }.count
            #expect(inMinute <= 198, "\(inMinute) slots in the minute from \(first)")
        }
        // and the limit is used: 400 requests take little more than 400 slots' time
        let span = Double(slots.last! - slots.first!) / 60_000
        #expect(Double(slots.count - 1) / span >= 180, "achieved \(Double(slots.count - 1) / span)/min")
    }

    @Test("slow workers claim every n-th slot and leave the rest open for the others", arguments: [1, 2, 4])
    func spacedClaims(workers: Int) async throws {
        let store = InMemorySharedLimitStore()
        let (grants, _) = try await simulate(
            workers: workers, requests: 120, latency: .milliseconds(650), limit: .perMinute(200), store: store)
        for worker in 0..<workers {
            let own = grants.filter { $0.worker == worker }.map(\.slot)
            // after its first batch (its pace still unknown), a worker's slots are at least its pace apart
            #expect(zip(own.dropFirst(20), own.dropFirst(19)).allSatisfy { $0 - $1 >= 600 })
        }
        let stored = try #require(store.stored("tenant1:connectwise"))
        #expect(stored.open.allSatisfy { !grants.map(\.slot).contains($0) }, "an open slot was also granted")
    }

    @Test("a worker starting while another holds the schedule ahead takes two slots, then whole batches")
    func firstClaim() async throws {
        let store = InMemorySharedLimitStore()
        let clock = ManualTimeSource()
        let a = SharedRateLimiter(store: store, limit: .perSecond(10), time: clock, batch: 10)
        let b = SharedRateLimiter(store: store, limit: .perSecond(10), time: clock, batch: 10)
        try await a.acquire("k")
        let afterA = try #require(store.stored("k")).nextSlot
        try await b.acquire("k")
        #expect(try #require(store.stored("k")).nextSlot == afterA + 200)
        try await b.acquire("k")
        try await b.acquire("k")
        #expect(try #require(store.stored("k")).nextSlot == afterA + 1_200)
    }

    @Test("the interval keeps two spare slots a period from 20 a period up, none below")
    func interval() {
        #expect(SharedRateLimiter.interval(for: .perMinute(200)) == 304)
        #expect(SharedRateLimiter.interval(for: .perSecond(10)) == 100)
        #expect(SharedRateLimiter.interval(for: .perSecond(50)) == 21)
    }

    @Test("the default batch: 10 at 200/min, 1 for slow limits, at most 20")
    func defaultBatch() {
        #expect(SharedRateLimiter.defaultBatch(for: .perMinute(200)) == 10)
        #expect(SharedRateLimiter.defaultBatch(for: .perMinute(10)) == 1)
        #expect(SharedRateLimiter.defaultBatch(for: .perSecond(50)) == 20)
    }
}
