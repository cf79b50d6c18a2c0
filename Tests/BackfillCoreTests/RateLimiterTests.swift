import BackfillCore
import BackfillTesting
import Testing
import Timekeeping

@Suite("Rate limiting")
struct RateLimiterTests {
    @Test(
        "over 60 s of simulated time at 120 requests/min, issued requests are within 1% of the limit",
        arguments: [1, 10])
    func sustainedRate(burst: Int) async throws {
        let clock = ManualTimeSource()
        let limiter = RateLimiter(time: clock, defaultLimit: .perMinute(120, burst: burst))
        let start = clock.now
        var issued = 0
        while true {
            try await limiter.acquire("fred")
            guard clock.now - start < .seconds(60) else { break }
            issued += 1
        }
        // The sustained limit is 120 in 60 s; a burst allowance adds burst − 1 requests at the start.
        let allowed = 120 + burst - 1
        #expect(abs(issued - allowed) <= allowed / 100)
        #expect(issued <= allowed)
        if burst == 1 { #expect(Set(clock.sleeps) == [.milliseconds(500)]) }
    }

    @Test("waits are exact and do not drift for rates that do not divide a second evenly")
    func exactWaits() async throws {
        let clock = ManualTimeSource()
        let limiter = RateLimiter(time: clock, defaultLimit: RateLimit(rate: 3, per: .seconds(1)))
        let start = clock.now
        var offsets: [Int64] = []
        for _ in 0..<31 {
            try await limiter.acquire("k")
            offsets.append((clock.now - start).wholeMilliseconds)
        }
        // Request k goes at k/3 s (the manual clock keeps whole milliseconds, so floor of it); no error accumulates.
        #expect(offsets == (0..<31).map { Int64($0) * 1000 / 3 })
        #expect(clock.sleeps.first == .nanoseconds(333_333_334))  // rounded up: never early
    }

    @Test("keys are limited independently")
    func perKey() async throws {
        let clock = ManualTimeSource()
        let limiter = RateLimiter(time: clock, defaultLimit: .perSecond(1), limits: ["fast": .perSecond(10)])
        try await limiter.acquire("a")
        try await limiter.acquire("b")
        #expect(clock.sleeps.isEmpty)
        try await limiter.acquire("fast")
        try await limiter.acquire("fast")
        #expect(clock.sleeps == [.milliseconds(100)])
        #expect(limiter.currentWait("a") == .milliseconds(900))
    }

    @Test("Retry-After pauses a key")
    func retryAfter() async throws {
        let clock = ManualTimeSource()
        let limiter = RateLimiter(time: clock, defaultLimit: .perSecond(100))
        #expect(limiter.pause("k", retryAfter: " 7 "))
        #expect(!limiter.pause("k", retryAfter: "Wed, 21 Oct 2015 07:28:00 GMT"))
        try await limiter.acquire("k")
        #expect(clock.sleeps == [.seconds(7)])
        try await limiter.acquire("other")
        #expect(clock.sleeps.count == 1)
    }

}
