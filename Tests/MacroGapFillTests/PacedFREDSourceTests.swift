import BackfillCore
import BackfillTesting
import FREDConnector
import FREDFake
import HTTP
import MacroGapFill
import Redaction
import Testing
import Timekeeping

@Suite("FRED through the key ring: pacing, 429 pauses, refused keys, redaction")
struct PacedFREDSourceTests {
    static let keys = [FREDFake.makeKey(1), FREDFake.makeKey(2)]
    static let body = #"{"count":1,"offset":0,"limit":100000,"observations":[{"date":"2024-01-02","value":"5.33"}]}"#

    static func source(_ transport: ScriptedTransport, time: ManualTimeSource, rpm: Int = 120) throws
        -> PacedFREDSource
    {
        PacedFREDSource(
            client: FREDClient(baseURL: "http://fred.test", transport: transport), keys: try FREDKeys(keys),
            requestsPerMinute: rpm, time: time, random: { 0.5 })
    }

    static func key(of request: HTTPRequest) -> String? {
        keys.first { request.url.contains("api_key=\($0)") }
    }

    @Test("a 429 without Retry-After pauses that key 60 s; the call moves on to the next key at once")
    func throttledKeyPauses() async throws {
        let transport = ScriptedTransport(
            [.json(429, #"{"error_code":429,"error_message":"Too Many Requests."}"#)],
            fallback: { _ in HTTPResponse(status: 200, body: Array(Self.body.utf8)) })
        let time = ManualTimeSource(now: Timestamp(millisecondsSince1970: 0))
        let source = try Self.source(transport, time: time)
        let fetched = try await source.observations(
            seriesID: "DFF", start: CivilDate(year: 2024, month: 1, day: 1),
            end: CivilDate(year: 2024, month: 1, day: 2))
        #expect(fetched.series.observations.count == 1)
        #expect(fetched.throttles == 1 && fetched.calls == 2)
        #expect(transport.requests.map(Self.key) == [Self.keys[0], Self.keys[1]])
        #expect(time.now.millisecondsSince1970 < 1_000)
        #expect(source.caller.limiter.currentWait("key-1") > Duration.seconds(59))
        #expect(source.callsByKey == ["key-1": 1, "key-2": 1])
    }

    @Test("a refused key leaves the ring, is reported by name, and never shows in the error or result")
    func rejectedKeyLeavesRing() async throws {
        let refused =
            #"{"error_code":400,"error_message":"Bad Request.  The value for variable api_key is not registered."}"#
        let transport = ScriptedTransport(
            [.json(400, refused)],
            fallback: { _ in HTTPResponse(status: 200, body: Array(Self.body.utf8)) })
        let time = ManualTimeSource(now: Timestamp(millisecondsSince1970: 0))
        let source = try Self.source(transport, time: time)
        let day = CivilDate(year: 2024, month: 1, day: 2)
        _ = try await source.observations(seriesID: "DFF", start: day, end: day)
        _ = try await source.observations(seriesID: "DGS2", start: day, end: day)
        #expect(source.rejectedKeys == ["key-1"])
        #expect(transport.requests.dropFirst().allSatisfy { Self.key(of: $0) == Self.keys[1] })
    }

    @Test("every key refused: the error names the keys, not their values")
    func allKeysRefused() async throws {
        let refused =
            #"{"error_code":400,"error_message":"Bad Request.  The value for variable api_key is not registered."}"#
        let transport = ScriptedTransport(handler: { _ in
            HTTPResponse(status: 400, body: Array(refused.utf8))
        })
        let time = ManualTimeSource(now: Timestamp(millisecondsSince1970: 0))
        let source = try Self.source(transport, time: time)
        let day = CivilDate(year: 2024, month: 1, day: 2)
        do {
            _ = try await source.observations(seriesID: "DFF", start: day, end: day)
            Issue.record("expected an error")
        } catch {
            let text = "\(error)"
            #expect(text.contains("key-1") && text.contains("key-2"))
            #expect(!Self.keys.contains { text.contains($0) })
        }
    }

    @Test("each key is paced at its own limit: 4 calls on 2 keys at 60/min take one second of virtual time")
    func pacing() async throws {
        let transport = ScriptedTransport(handler: { _ in
            HTTPResponse(status: 200, body: Array(Self.body.utf8))
        })
        let time = ManualTimeSource(now: Timestamp(millisecondsSince1970: 0))
        let source = try Self.source(transport, time: time, rpm: 60)
        let day = CivilDate(year: 2024, month: 1, day: 2)
        for _ in 0..<4 { _ = try await source.observations(seriesID: "DFF", start: day, end: day) }
        #expect(time.now.millisecondsSince1970 == 1_000)
        #expect(source.callsByKey == ["key-1": 2, "key-2": 2])
    }

    @Test("FREDError says how the caller treats it")
    func classification() {
        #expect(FREDError(.rateLimited(retryAfter: nil), "").callFailure == .throttled(retryAfter: .seconds(60)))
        #expect(FREDError(.rateLimited(retryAfter: .seconds(5)), "").callFailure == .throttled(retryAfter: .seconds(5)))
        #expect(FREDError(.rejectedKey, "").callFailure == .rejectedKey)
        #expect(FREDError(.server, "").callFailure == .transient(retryAfter: nil))
        #expect(FREDError(.badRequest, "").callFailure == .fatal)
    }

    @Test("keys from a list are registered with the redactor")
    func keysRegistered() async throws {
        let keys = try await FREDKeyLoader.load(.list(Self.keys.joined(separator: ",")), secretsManager: nil)
        #expect(keys.names == ["key-1", "key-2"])
        #expect(!SecretRedactor().redact("x \(Self.keys[1]) y").contains(Self.keys[1]))
    }
}
