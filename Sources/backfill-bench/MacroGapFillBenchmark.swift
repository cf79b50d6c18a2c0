import AWS
import BackfillCore
import BackfillTesting
import FREDConnector
import FREDFake
import HTTP
import JSON
import Logging
import MacroGapFill
import Timekeeping

/// `backfill-bench macro [--keys N] [--latency-ms N] [--rpm N] [--scan-items N]`
///
/// The seed-like case of the issue: ≈ 1,300 missing dates spread over 2000–2025 filled through the real handler,
/// key ring and HTTP client from the FRED fake (`rpm` per key, answering in `latency`), into an in-memory table
/// and tracker; printed beside the old script's theoretical time (8 calls a date, 2 s between dates, 5 keys × 100
/// requests then a 10-minute break). Then a scan of a `scan-items` table on moto: time, pages, segments.
enum MacroGapFillBenchmark {
    static func run(_ arguments: [String]) async throws {
        var keyCount = 5
        var latency = 200
        var rpm = 120
        var scanItems = 6_500
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            let value = Int(iterator.next() ?? "")
            switch argument {
            case "--keys": keyCount = value ?? keyCount
            case "--latency-ms": latency = value ?? latency
            case "--rpm": rpm = value ?? rpm
            case "--scan-items": scanItems = value ?? scanItems
            default: break
            }
        }
        try await fill(keyCount: keyCount, latency: latency, rpm: rpm)
        try await scan(items: scanItems)
    }

    /// Every third trading day… thinned to ≈ 1,300 dates spread over 2000–2025.
    static var seedLikeDates: [CivilDate] {
        let days = TradingCalendar.nyse.tradingDays(
            from: CivilDate(year: 2000, month: 1, day: 1), through: CivilDate(year: 2025, month: 10, day: 31))
        return days.enumerated().filter { $0.offset % 5 == 2 }.map(\.element)
    }

    static func fill(keyCount: Int, latency: Int, rpm: Int) async throws {
        let keys = (0..<keyCount).map { FREDFake.makeKey(900 + $0) }
        var options = FREDFake.Options(validKeys: Set(keys))
        options.latency = .milliseconds(latency)
        options.requestsPerMinute = rpm
        let fake = try FREDFake(options: options)
        defer { fake.stop() }
        let http = CurlHTTPClient()
        defer { http.shutdown() }
        let logger = Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() }
        let time = SystemTimeSource()
        let source = PacedFREDSource(
            client: FREDClient(baseURL: fake.baseURL, transport: http), keys: try FREDKeys(keys),
            requestsPerMinute: rpm, time: time)
        let table = InMemoryMacroTable()
        let handler = MacroGapFillHandler(
            configuration: MacroGapFillConfiguration(
                macroTable: "bench", keyOrigin: .list(keys.joined(separator: ","))),
            dependencies: MacroGapFillDependencies(
                table: table, source: source, keyCount: keyCount, jobs: InMemoryJobStore(), time: time))
        let dates = seedLikeDates
        let started = MonotonicClock.nanoseconds()
        let result = try await handler.run(
            MacroGapFillRequest(mode: .fillDates(dates)), owner: "bench", deadline: .none, logger: logger)
        let seconds = Double(MonotonicClock.nanoseconds() - started) / 1e9
        let body = result["body"]
        let calls = body?["fred_calls"]?.intValue ?? 0
        let written = body?["dates_written"]?.intValue ?? 0
        let oldCalls = dates.count * 8
        let oldSeconds =
            Double(dates.count) * 2 + Double(oldCalls) * Double(latency) / 1000 + Double(oldCalls / 500) * 600
        print("macro_dates: \(dates.count) (written \(written), status \(result["statusCode"]?.intValue ?? 0))")
        print("macro_fred_calls: \(calls)")
        print("macro_calls_per_date: \(CostRateBenchmark.format2(Double(calls) / Double(max(1, Int(written)))))")
        print("macro_fake_requests: \(fake.requests.count) (429s: \(fake.throttledCount))")
        print("macro_wall: \(CostRateBenchmark.format2(seconds)) s")
        print("macro_old_calls: \(oldCalls)")
        print("macro_old_theoretical: \(CostRateBenchmark.format2(oldSeconds)) s")
        print("macro_speedup: \(CostRateBenchmark.format2(oldSeconds / max(seconds, 0.001)))x")
    }

    static func scan(items count: Int) async throws {
        try await MotoServer.withServer { moto in
            let http = CurlHTTPClient()
            defer { http.shutdown() }
            let dynamo = DynamoDBClient(client: AWSClient(configuration: moto.configuration(), transport: http))
            try await dynamo.createTable(DynamoDBTableDefinition(name: "macro", partitionKey: .init("date")))
            let start = CivilDate(year: 2000, month: 1, day: 3)
            let writes: [DynamoDBClient.WriteRequest] = (0..<count).map { index in
                var item: DynamoDBItem = ["date": .string(start.adding(days: index).iso8601)]
                for field in MacroFieldMap.defaults.requiredFields { item[field] = .number(1.5) }
                return .put(item)
            }
            try await dynamo.batchWrite(table: "macro", writes)
            let table = DynamoDBMacroTable(dynamo: dynamo, tableName: "macro", segments: 4)
            let started = MonotonicClock.nanoseconds()
            let scanned = try await table.scan(requiredFields: MacroFieldMap.defaults.requiredFields, progress: nil)
            let seconds = Double(MonotonicClock.nanoseconds() - started) / 1e9
            print("macro_scan_items: \(scanned.items.count)")
            print("macro_scan_pages: \(scanned.pages) over \(scanned.segments) segments")
            print("macro_scan_wall: \(CostRateBenchmark.format2(seconds)) s (moto)")
        }
    }
}
