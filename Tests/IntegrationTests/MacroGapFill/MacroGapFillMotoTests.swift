import AWS
import BackfillCore
import BackfillTesting
import FREDConnector
import FREDFake
import HTTP
import JSON
import Logging
import MacroGapFill
import Testing
import Timekeeping

/// The handler wired as in Lambda (`MacroGapFillFamily.make`) against moto and the FRED fake over HTTP.
@Suite("macro-gapfill against moto and the FRED fake", .serialized)
struct MacroGapFillMotoTests {
    static let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    static func date(_ text: String) -> CivilDate { CivilDate(iso8601: text)! }

    /// Trading days 2000-01-03 … 2025-10-31 with about one in five left out (1,300+ missing) and one in fifty
    /// lacking `vix` (incomplete).
    static func seedLike() -> (present: [CivilDate], lacking: [CivilDate: String], gaps: Int, gapDates: [CivilDate]) {
        let days = TradingCalendar.nyse.tradingDays(from: date("2000-01-01"), through: date("2025-10-31"))
        var present: [CivilDate] = []
        var lacking: [CivilDate: String] = [:]
        var gapDates: [CivilDate] = []
        for (index, day) in days.enumerated() {
            if index % 5 == 2 {
                gapDates.append(day)
                continue
            }
            present.append(day)
            if index % 50 == 8 {
                lacking[day] = "vix"
                gapDates.append(day)
            }
        }
        return (present, lacking, gapDates.count, gapDates)
    }

    @Test("1,300+ dates over 2000–2025 filled in ≤ 0.05 calls a date while a key is refused mid-run")
    func seedLikeFillWithRejectedKey() async throws {
        let keys = [FREDFake.makeKey(201), FREDFake.makeKey(202), FREDFake.makeKey(203)]
        var options = FREDFake.Options(validKeys: Set(keys))
        options.latency = .milliseconds(100)
        try await MacroStack.with(keys: keys, fakeOptions: options) { stack in
            let seed = Self.seedLike()
            #expect(seed.gaps > 1_300)
            try await stack.seed(seed.present, lacking: seed.lacking)
            let setup = HandlerSetup(
                variables: stack.environment.merging(["MACRO_CONCURRENCY": "4"]) { $1 }, logger: Self.logger)
            let handler = try await MacroGapFillFamily.make(setup)
            let fake = stack.fake
            let revoker = Task {
                while fake.requests.count < 4 { try await Task.sleep(for: .milliseconds(5)) }
                fake.revoke(keys[1])
            }
            let result = try await handler.run(
                MacroGapFillRequest(
                    mode: .fillRange, startDate: Self.date("2000-01-01"), endDate: Self.date("2025-10-31")),
                owner: "test", deadline: .none, logger: Self.logger)
            try await revoker.value
            let body = try #require(result["body"])
            #expect(body["failed"] == [], "\(body["failed"] ?? .null)")
            #expect(body["scan"]?["total_to_backfill"] == .int(Int64(seed.gaps)))
            #expect(body["dates_written"] == .int(Int64(seed.gaps)))
            #expect((body["calls_per_date"]?.doubleValue ?? 1) <= 0.05)
            // Every window fetched once; the only other answers are the refusals of the revoked key (calls that
            // had already taken it when it left the ring).
            let accepted = fake.requests.filter { $0.status == 200 }
            #expect(Set(accepted.map { "\($0.seriesID):\($0.observationStart ?? "")" }).count == accepted.count)
            let plan = FillPlan(
                dates: seed.gapDates, fieldMap: .defaults, options: MacroGapFillHandler.defaultPlanOptions)
            #expect(accepted.count == plan.calls)
            #expect(fake.requests.filter { $0.status != 200 }.allSatisfy { $0.apiKey == keys[1] && $0.status == 400 })
            #expect(body["rejected_keys"] == ["key-2"])
            #expect(result["statusCode"] == 207)
            let text = result.serialized()
            #expect(!keys.contains { text.contains($0) })

            let items = try await stack.items()
            let lackingDay = try #require(seed.lacking.keys.min())
            #expect(items[lackingDay.iso8601]?["note"] == "kept")
            #expect(items[lackingDay.iso8601]?["vix"]?.doubleValue != nil)
            let rescan = try await handler.run(
                MacroGapFillRequest(mode: .scan, startDate: Self.date("2000-01-01"), endDate: Self.date("2025-10-31")),
                owner: "test", deadline: .none, logger: Self.logger)
            #expect(rescan["body"]?["total_to_backfill"] == 0)
            #expect((rescan["body"]?["unavailable"]?.intValue ?? 0) > 0)
            let jobs = try await stack.withClients { _, dynamo in
                try await dynamo.scan(DynamoDBQuery(table: MacroStack.jobsTable)).items
            }
            let stored = jobs.map { "\($0)" }.joined()
            #expect(!keys.contains { stored.contains($0) })
        }
    }

    @Test(
        "keys from a Secrets Manager secret ({\"keys\":[…]}) on moto; an unreadable secret is an init error naming it")
    func keysFromSecret() async throws {
        try await MacroStack.with { stack in
            let secret = #"{"keys":["\#(MacroStack.keys[0])","\#(MacroStack.keys[1])"]}"#
            try await stack.withClients { s3, _ in
                _ = try await s3.client.callJSON(
                    .secretsManager, "CreateSecret", ["Name": "fred-api-keys-test", "SecretString": .string(secret)])
            }
            var variables = stack.environment
            variables["FRED_API_KEYS"] = nil
            variables["FRED_API_KEYS_SECRET"] = "fred-api-keys-test"
            let handler = try await MacroGapFillFamily.make(HandlerSetup(variables: variables, logger: Self.logger))
            let result = try await handler.run(
                MacroGapFillRequest(mode: .fillDates([Self.date("2025-01-06")])), owner: "test", deadline: .none,
                logger: Self.logger)
            #expect(result["statusCode"] == 200)
            #expect(Set(stack.fake.requests.map(\.apiKey)).isSubset(of: Set(MacroStack.keys)))
            #expect(!stack.fake.requests.isEmpty)

            variables["FRED_API_KEYS_SECRET"] = "absent-secret"
            await #expect {
                _ = try await MacroGapFillFamily.make(HandlerSetup(variables: variables, logger: Self.logger))
            } throws: { error in
                (error as? MacroGapFillError)?.message.contains("FRED_API_KEYS_SECRET absent-secret") == true
            }
        }
    }

    @Test("throttling: a 429 pauses the key for its Retry-After on the injected clock and the fetches all finish")
    func throttling() async throws {
        let keys = [FREDFake.makeKey(301), FREDFake.makeKey(302)]
        let time = ManualTimeSource(now: Timestamp(millisecondsSince1970: 1_763_712_000_000))
        var options = FREDFake.Options(validKeys: Set(keys))
        options.requestsPerMinute = 2
        options.sendsRetryAfter = true
        let fake = try FREDFake(options: options, time: time)
        try await CurlHTTPClient.withClient { http in
            defer { fake.stop() }
            let source = PacedFREDSource(
                client: FREDClient(baseURL: fake.baseURL, transport: http), keys: try FREDKeys(keys),
                requestsPerMinute: 120, time: time)
            var throttles = 0
            for year in 2015..<2025 {
                let fetched = try await source.observations(
                    seriesID: "DGS10", start: CivilDate(year: year, month: 1, day: 1),
                    end: CivilDate(year: year, month: 12, day: 31))
                #expect(fetched.series.observations.count > 250)
                throttles += fetched.throttles
            }
            #expect(throttles > 0)
            #expect(fake.throttledCount == throttles)
            #expect(fake.requests.filter { $0.status == 200 }.count == 10)
            // Paused by the server's Retry-After, never by a fixed break: ten calls at 2/min on two keys.
            #expect(time.now.millisecondsSince1970 - 1_763_712_000_000 <= 5 * 60_000)
        }
    }
}
