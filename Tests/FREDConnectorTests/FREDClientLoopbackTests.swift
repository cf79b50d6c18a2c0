import BackfillTesting
import FREDConnector
import FREDFake
import HTTP
import Testing
import Timekeeping

@Suite("FREDClient against the FRED fake over loopback HTTP")
struct FREDClientLoopbackTests {
    static let key = FREDFake.makeKey(1)
    static let otherKey = FREDFake.makeKey(2)

    /// Runs `body` with a fake accepting both test keys and a client over real HTTP.
    func withFake(
        time: any TimeSource = SystemTimeSource(),
        configure: @Sendable (inout FREDFake.Options) -> Void = { _ in },
        _ body: (FREDFake, FREDClient) async throws -> Void
    ) async throws {
        var options = FREDFake.Options(validKeys: [Self.key, Self.otherKey])
        configure(&options)
        let fake = try FREDFake(options: options, time: time)
        // Stop the fake while the client's connections are still open: LoopbackHTTPServer.stop() shuts down the
        // descriptors of open connections, and one closed meanwhile may already belong to another test's server.
        try await CurlHTTPClient.withClient { http in
            defer { fake.stop() }
            try await body(fake, FREDClient(baseURL: fake.baseURL + "/", transport: http))
        }
    }

    static func date(_ text: String) -> CivilDate { CivilDate(iso8601: text)! }

    @Test("a window of a daily series comes back in one call with every calendar day and the fake's values")
    func dailyWindow() async throws {
        try await withFake { fake, client in
            let series = try await client.observations(
                series: "DFF", apiKey: Self.key, start: Self.date("2020-02-27"), end: Self.date("2020-03-03"))
            #expect(series.calls == 1)
            #expect(
                series.observations.map(\.date.iso8601) == [
                    "2020-02-27", "2020-02-28", "2020-02-29", "2020-03-01", "2020-03-02", "2020-03-03",
                ])
            let dff = try #require(FREDFakeData.series["DFF"])
            for observation in series.observations {
                let expected = FREDFakeData.value(of: dff, on: observation.date)
                #expect(observation.value.map { abs($0 - expected) < 0.0005 } == true)
            }
            let logged = try #require(fake.requests.first)
            #expect(logged.observationStart == "2020-02-27" && logged.observationEnd == "2020-03-03")
            #expect(logged.limit == 100_000 && logged.offset == 0)
        }
    }

    @Test("business-day series skip weekends and carry nil for \".\" on bond holidays and configured dates")
    func dotsAreNil() async throws {
        let columbusDay = Self.date("2023-10-09")
        let configured = Self.date("2023-10-11")
        try await withFake(configure: { $0.noValueDates = ["DGS10": [configured]] }) { _, client in
            let series = try await client.observations(
                series: "DGS10", apiKey: Self.key, start: Self.date("2023-10-06"), end: Self.date("2023-10-12"))
            #expect(
                series.observations.map(\.date.iso8601) == [
                    "2023-10-06", "2023-10-09", "2023-10-10", "2023-10-11", "2023-10-12",
                ])
            #expect(series.observation(on: columbusDay)?.value == nil)
            #expect(series.observation(on: configured)?.value == nil)
            #expect(series.observation(on: Self.date("2023-10-10"))?.value != nil)
        }
    }

    @Test("a window reaching before a series' first observation starts at that observation")
    func beforeSeriesStart() async throws {
        try await withFake { _, client in
            let series = try await client.observations(
                series: "DTWEXBGS", apiKey: Self.key, start: Self.date("2005-12-20"), end: Self.date("2006-01-05"))
            #expect(series.first?.date == Self.date("2006-01-02"))
            #expect(series.observations.count == 4)
        }
    }

    @Test("an answer capped below count is completed with offset calls, matching the unpaged result")
    func paging() async throws {
        try await withFake(configure: { $0.maxObservationsPerAnswer = 1000 }) { fake, client in
            let series = try await client.observations(
                series: "DFF", apiKey: Self.key, start: Self.date("2000-01-01"), end: Self.date("2025-12-31"))
            let days = Self.date("2025-12-31").daysSince1970 - Self.date("2000-01-01").daysSince1970 + 1
            #expect(series.observations.count == days)
            #expect(series.calls == (days + 999) / 1000)
            #expect(fake.requests.map(\.offset) == Array(stride(from: 0, to: days, by: 1000)))
            #expect(Set(series.observations.map(\.date)).count == days)
            fake.update { $0.maxObservationsPerAnswer = 100_000 }
            let whole = try await client.observations(
                series: "DFF", apiKey: Self.key, start: Self.date("2000-01-01"), end: Self.date("2025-12-31"))
            #expect(whole.calls == 1)
            #expect(whole.observations == series.observations)
        }
    }

    @Test("monthly and quarterly series are dated on the first of their periods")
    func monthlyAndQuarterly() async throws {
        try await withFake { _, client in
            let cpi = try await client.observations(
                series: "CPIAUCSL", apiKey: Self.key, start: Self.date("2024-11-15"), end: Self.date("2025-03-01"))
            #expect(cpi.observations.map(\.date.iso8601) == ["2024-12-01", "2025-01-01", "2025-02-01", "2025-03-01"])
            let gdp = try await client.observations(
                series: "A191RL1Q225SBEA", apiKey: Self.key, start: Self.date("2024-01-01"),
                end: Self.date("2024-12-31"))
            #expect(gdp.observations.map(\.date.iso8601) == ["2024-01-01", "2024-04-01", "2024-07-01", "2024-10-01"])
        }
    }

    @Test("the per-key limit answers 429 with FRED's body, counts per key, and frees after a minute")
    func rateLimit() async throws {
        let clock = ManualTimeSource()
        try await withFake(time: clock, configure: { $0.requestsPerMinute = 2 }) { fake, client in
            let window = (Self.date("2024-01-02"), Self.date("2024-01-03"))
            for _ in 0..<2 {
                _ = try await client.observations(series: "VIXCLS", apiKey: Self.key, start: window.0, end: window.1)
            }
            let error = await #expect(throws: FREDError.self) {
                try await client.observations(series: "VIXCLS", apiKey: Self.key, start: window.0, end: window.1)
            }
            #expect(error?.code == .rateLimited(retryAfter: nil))
            #expect(error?.status == 429)
            #expect(error?.message == "Too Many Requests.  Exceeded Rate Limit")
            // Another key has its own quota.
            _ = try await client.observations(series: "VIXCLS", apiKey: Self.otherKey, start: window.0, end: window.1)
            fake.update { $0.sendsRetryAfter = true }
            clock.advance(by: .seconds(30))
            let paused = await #expect(throws: FREDError.self) {
                try await client.observations(series: "VIXCLS", apiKey: Self.key, start: window.0, end: window.1)
            }
            #expect(paused?.code == .rateLimited(retryAfter: .seconds(30)))
            clock.advance(by: .seconds(31))
            _ = try await client.observations(series: "VIXCLS", apiKey: Self.key, start: window.0, end: window.1)
            #expect(fake.requestCounts == [Self.key: 5, Self.otherKey: 1])
            #expect(fake.throttledCount == 2)
        }
    }

    @Test("an unregistered or revoked key is a rejected key, and no error text shows the key")
    func rejectedKey() async throws {
        let stranger = FREDFake.makeKey(99)
        try await withFake { fake, client in
            let window = (Self.date("2024-01-02"), Self.date("2024-01-03"))
            let unknown = await #expect(throws: FREDError.self) {
                try await client.observations(series: "DGS2", apiKey: stranger, start: window.0, end: window.1)
            }
            #expect(unknown?.code == .rejectedKey)
            #expect(unknown?.message.contains("not registered") == true)
            _ = try await client.observations(series: "DGS2", apiKey: Self.key, start: window.0, end: window.1)
            fake.revoke(Self.key)
            let revoked = await #expect(throws: FREDError.self) {
                try await client.observations(series: "DGS2", apiKey: Self.key, start: window.0, end: window.1)
            }
            #expect(revoked?.code == .rejectedKey)
            for error in [unknown, revoked].compactMap(\.self) {
                #expect(!error.description.contains(stranger) && !error.description.contains(Self.key))
                #expect(error.url?.contains("api_key=REDACTED") == true)
            }
        }
    }

    @Test("an unknown series and a bad window are bad requests with FRED's message")
    func badRequests() async throws {
        try await withFake { _, client in
            let unknown = await #expect(throws: FREDError.self) {
                try await client.observations(series: "NOPE", apiKey: Self.key, start: nil, end: nil)
            }
            #expect(unknown?.code == .badRequest)
            #expect(unknown?.message == "Bad Request.  The series does not exist.")
            let reversed = await #expect(throws: FREDError.self) {
                try await client.observations(
                    series: "DFF", apiKey: Self.key, start: Self.date("2024-02-01"), end: Self.date("2024-01-01"))
            }
            #expect(reversed?.code == .badRequest)
            #expect(reversed?.series == "DFF")
        }
    }

    @Test("a stopped fake is a transport error")
    func transport() async throws {
        try await withFake { fake, client in
            // One answered request first: a LoopbackHTTPServer stopped before its accept thread reached accept()
            // can later accept on a reused descriptor, taking another test's connection.
            _ = try await client.observations(
                series: "DFF", apiKey: Self.key, start: Self.date("2024-01-02"), end: Self.date("2024-01-02"))
            fake.stop()
            let error = await #expect(throws: FREDError.self) {
                try await client.observations(series: "DFF", apiKey: Self.key, start: nil, end: nil)
            }
            #expect(error?.code == .transport)
            #expect(error?.description.contains(Self.key) == false)
        }
    }
}
