import AWSSigV4
import BackfillTesting
import HTTP
import JSON
import Testing
import Timekeeping

@testable import AWS

@Suite("Adaptive retry mode: client-side token bucket with CUBIC rate adjustment")
struct AdaptiveRateLimiterTests {
    @Test("does nothing until the first throttle")
    func disabledUntilThrottled() {
        var state = AdaptiveRateState(now: 100)
        for step in 0..<50 {
            #expect(state.acquire(now: 100 + Double(step) * 0.01) == 0)
            state.update(now: 100 + Double(step) * 0.01, throttled: false)
        }
        #expect(!state.enabled)
    }

    @Test("a throttle drops the rate below the measured rate, and successes grow it back past it")
    func dropAndRecovery() {
        var state = AdaptiveRateState(now: 0)
        var now = 0.0
        for _ in 0..<50 {  // 10 requests a second for five seconds
            now += 0.1
            state.update(now: now, throttled: false)
        }
        now += 0.1
        state.update(now: now, throttled: true)
        #expect(state.enabled)
        let dropped = state.fillRate
        #expect(dropped > 5 && dropped < 9)

        var waits = 0.0
        for _ in 0..<20 { waits += state.acquire(now: now) }
        #expect(waits > 1)  // a burst now has to wait for tokens

        // Send as fast as the bucket allows (at most 50 a second) for eight seconds of virtual time.
        var rates: [Double] = []
        let end = now + 8
        while now < end {
            now += max(state.acquire(now: now), 0.02)
            state.update(now: now, throttled: false)
            rates.append(state.fillRate)
        }
        #expect(rates.last! > dropped)
        #expect(rates.last! > 10)  // past the rate that was throttled, as CUBIC probes upward
    }

    @Test("the client waits for a token after being throttled in adaptive mode")
    func clientWaits() async throws {
        let transport = ScriptedTransport(
            [.error(400, "ThrottlingException"), .error(400, "ThrottlingException")],
            fallback: { _ in HTTPResponseFactory.ok })
        let time = ManualTimeSource()
        var retry = AWSRetryConfiguration(mode: .adaptive, maxAttempts: 3)
        retry.quotaCapacity = 10_000
        let configuration = AWSConfiguration(
            region: "us-east-1", credentials: AWSCredentials(accessKeyID: "AKID", secretAccessKey: "s"),
            endpointURL: "http://127.0.0.1:9", retry: retry)
        let client = AWSClient(configuration: configuration, transport: transport, timeSource: time, random: { 0 })
        for _ in 0..<10 { _ = try await client.callJSON(.dynamoDB, "GetItem", [:]) }
        let limiter = try #require(client.retryStrategy.limiter)
        #expect(limiter.currentRate.enabled)
        #expect(time.sleeps.contains { $0 > .zero })
        #expect(transport.requests.count == 12)
    }
}

enum HTTPResponseFactory {
    static var ok: HTTP.HTTPResponse { HTTP.HTTPResponse(status: 200, body: Array("{}".utf8)) }
}
