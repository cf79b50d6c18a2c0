import BackfillCore
import BackfillTesting
import Synchronization
import Testing
import Timekeeping

/// A source error that says how it should be treated.
struct SourceFailure: ClassifiedFailure, Equatable {
    var callFailure: CallFailure
}

/// Records which key each attempt used and fails as scripted.
final class ScriptedSource: Sendable {
    private let state: Mutex<(script: [String: [CallFailure]], calls: [String])>

    init(_ script: [String: [CallFailure]] = [:]) { state = Mutex((script: script, calls: [])) }

    var calls: [String] { state.withLock { $0.calls } }

    func call(_ key: String) throws -> String {
        let failure: CallFailure? = state.withLock { state in
            state.calls.append(key)
            guard var queue = state.script[key], !queue.isEmpty else { return nil }
            let next = queue.removeFirst()
            state.script[key] = queue
            return next
        }
        if let failure { throw SourceFailure(callFailure: failure) }
        return "ok from \(key)"
    }
}

@Suite("Rate-limited caller: GCRA per key, rings, pauses, backoff, attempt budget")
struct RateLimitedCallerTests {
    let clock = ManualTimeSource()
    let keys = [(name: "key-1", value: "k1"), (name: "key-2", value: "k2")]

    @Test("each key is paced at its own limit, so two keys give twice the rate")
    func pacing() async throws {
        let caller = RateLimitedCaller(keys: keys, limit: .perMinute(60), time: clock)
        let source = ScriptedSource()
        let start = clock.now
        for _ in 0..<10 { _ = try await caller.call { key, _ in try source.call(key) } }
        #expect(clock.now - start == .seconds(4))  // 10 calls, 2 a second: gaps of 1 s on each key
        #expect(source.calls.filter { $0 == "k1" }.count == 5)
    }

    @Test("a 429 pauses only the key that got it; the call moves on to the next key at once")
    func throttlePausesOneKey() async throws {
        let caller = RateLimitedCaller(keys: keys, limit: .perMinute(600), time: clock)
        let source = ScriptedSource(["k1": [.throttled(retryAfter: .seconds(60))]])
        let result = try await caller.call { key, _ in try source.call(key) }
        #expect(result.value == "ok from k2")
        #expect(result.throttles == 1 && result.attempts == 2)
        #expect(clock.sleeps.allSatisfy { $0 < .seconds(1) })
        #expect(caller.limiter.currentWait("key-1") > .seconds(59))
        #expect(caller.limiter.currentWait("key-2") < .seconds(1))
    }

    @Test("a refused key leaves the ring for good and is reported by name")
    func rejectedKey() async throws {
        let caller = RateLimitedCaller(keys: keys, limit: .perMinute(600), time: clock)
        let source = ScriptedSource(["k1": [.rejectedKey]])
        _ = try await caller.call { key, _ in try source.call(key) }
        for _ in 0..<4 { _ = try await caller.call { key, _ in try source.call(key) } }
        #expect(source.calls.filter { $0 == "k1" }.count == 1)
        #expect(caller.rejectedKeys == ["key-1"] && caller.activeKeys == ["key-2"])
    }

    @Test("when every key is refused the call fails naming them, never their values")
    func allRejected() async throws {
        let caller = RateLimitedCaller(keys: keys, limit: .perMinute(600), time: clock)
        let source = ScriptedSource(["k1": [.rejectedKey], "k2": [.rejectedKey]])
        await #expect {
            _ = try await caller.call { key, _ in try source.call(key) }
        } throws: { error in
            let text = "\(error)"
            return text.contains("key-1") && text.contains("key-2") && !text.contains("k1,") && !text.contains("\"k2\"")
        }
    }

    @Test("transient failures back off with jitter within the attempt budget, then give up saying so")
    func transient() async throws {
        let caller = RateLimitedCaller(
            name: "svc", limit: .perSecond(100), time: clock, policy: CallPolicy(maxAttempts: 3),
            random: { 0.5 })
        let failures = Mutex(0)
        await #expect {
            _ = try await caller.call { () throws -> Int in
                failures.withLock { $0 += 1 }
                throw SourceFailure(callFailure: .transient(retryAfter: nil))
            }
        } throws: { error in
            (error as? CallExhaustedError)?.attempts == 3 && "\(error)".contains("gave up after 3 attempts")
        }
        #expect(failures.withLock { $0 } == 3)
        // 0.5 s and 1 s backoffs, each half fixed plus half jittered (random 0.5): 375 ms and 750 ms.
        #expect(clock.sleeps.filter { $0 >= .milliseconds(100) } == [.milliseconds(375), .milliseconds(750)])
    }

    @Test("a Retry-After on a transient failure is honoured, capped by the longest backoff")
    func retryAfter() async throws {
        let caller = RateLimitedCaller(
            name: "svc", limit: .perSecond(100), time: clock, policy: CallPolicy(maxBackoff: .seconds(20)))
        let failed = Mutex(false)
        _ = try await caller.call { () throws -> Int in
            if failed.withLock({
                let first = !$0; $0 = true; return first
            }) {
                throw SourceFailure(callFailure: .transient(retryAfter: .seconds(90)))
            }
            return 1
        }
        #expect(clock.sleeps.contains(.seconds(20)))
    }

    @Test("fatal failures are thrown at once, unwrapped")
    func fatal() async throws {
        let caller = RateLimitedCaller(name: "svc", limit: .perSecond(100), time: clock)
        await #expect(throws: SourceFailure(callFailure: .fatal)) {
            _ = try await caller.call { () throws -> Int in throw SourceFailure(callFailure: .fatal) }
        }
    }
}
