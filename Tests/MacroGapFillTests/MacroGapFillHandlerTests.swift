import BackfillCore
import BackfillTesting
import JSON
import Logging
import MacroGapFill
import Testing
import Timekeeping

@Suite("macro-gapfill handler: scan, fill, dry run, resume, bad events")
struct MacroGapFillHandlerTests {
    /// 2025-11-21 12:00 UTC (a Friday); yesterday is 2025-11-20.
    static let now = Timestamp(millisecondsSince1970: 1_763_726_400_000)
    static let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    struct Stage {
        let table: InMemoryMacroTable
        let source: FakeDataSource
        let jobs: InMemoryJobStore
        let objects: InMemoryObjectStore
        let handler: MacroGapFillHandler
    }

    static func stage(
        items: [CivilDate: InMemoryMacroTable.Item] = [:], failing: Set<String> = [], calendar: ScanCalendar = .nyse
    ) -> Stage {
        let table = InMemoryMacroTable(items: items)
        let source = FakeDataSource(failing: failing)
        let jobs = InMemoryJobStore()
        let objects = InMemoryObjectStore()
        let time = YieldingTimeSource(now: now)
        let configuration = MacroGapFillConfiguration(
            macroTable: "macro", keyOrigin: .list("k"), scanOutputBucket: "scans", calendar: calendar,
            leaseDuration: .seconds(30))
        let dependencies = MacroGapFillDependencies(
            table: table, source: source, keyCount: 2, jobs: jobs, scanOutput: objects, time: time,
            // The lease heartbeat never ticks: a partition here ends long before a lease would need renewing.
            heartbeatTick: { try await Task.sleep(for: .seconds(86_400)) })
        return Stage(
            table: table, source: source, jobs: jobs, objects: objects,
            handler: MacroGapFillHandler(configuration: configuration, dependencies: dependencies))
    }

    static func complete(_ date: CivilDate) -> InMemoryMacroTable.Item {
        var numbers: [String: Double] = [:]
        for field in MacroFieldMap.defaults.requiredFields { numbers[field] = 1 }
        return InMemoryMacroTable.Item(numbers: numbers)
    }

    static func date(_ text: String) -> CivilDate { CivilDate(iso8601: text)! }

    static func run(_ stage: Stage, _ event: String) async throws -> JSONValue {
        let request = try MacroGapFillRequest(event: try JSONParser.parse(event))
        return try await stage.handler.run(request, owner: "test", deadline: .none, logger: logger)
    }

    @Test("scan: missing, incomplete and closed-day items counted; the file written to the bucket")
    func scan() async throws {
        var items: [CivilDate: InMemoryMacroTable.Item] = [:]
        for day in try ScanCalendar.nyse.days(from: Self.date("2025-11-03"), through: Self.date("2025-11-20")) {
            items[day] = Self.complete(day)
        }
        items[Self.date("2025-11-05")] = nil
        items[Self.date("2025-11-06")]?.numbers["vix"] = nil
        items[Self.date("2025-11-08")] = Self.complete(Self.date("2025-11-08"))  // a Saturday
        let stage = Self.stage(items: items)
        let result = try await Self.run(
            stage, #"{"mode":"scan","start_date":"2025-11-03","end_date":"2025-11-20"}"#)
        let body = try #require(result["body"])
        #expect(result["statusCode"] == 200)
        #expect(body["message"] == "scan_complete")
        #expect(body["trading_days"] == 14)
        #expect(body["missing"] == 1)
        #expect(body["incomplete"] == 1)
        #expect(body["total_to_backfill"] == 2)
        #expect(body["closed_day_items"] == 1)
        #expect(body["file"] == "s3://scans/missing_dates.txt")
        let file = try #require(stage.objects.objects["missing_dates.txt"])
        let text = String(decoding: file, as: UTF8.self)
        #expect(text.hasPrefix("# Missing and Incomplete Dates for Backfill\n# Generated: 2025-11-21 12:00:00\n"))
        #expect(text.hasSuffix("# Total dates: 2\n#\n2025-11-05 # missing\n2025-11-06 # incomplete\n"))
        #expect(stage.source.fetchedSeries.isEmpty)
    }

    @Test("fill of explicit dates: every field written, one call per series, other attributes kept")
    func fillDates() async throws {
        var keep = InMemoryMacroTable.Item(numbers: ["vix": 99])
        keep.others["note"] = "kept"
        let stage = Self.stage(items: [Self.date("2024-03-05"): keep])
        let result = try await Self.run(stage, #"{"mode":"fill","dates":["2024-03-04","2024-03-05","2005-06-01"]}"#)
        let body = try #require(result["body"])
        #expect(result["statusCode"] == 200)
        #expect(body["message"] == "fill_complete")
        #expect(body["dates"] == 3)
        #expect(body["dates_written"] == 3)
        // Two windows per series: the dates span more than ten years.
        #expect(body["fred_calls"] == 18)
        #expect(body["unavailable"]?["dxy"] == 1)
        #expect(stage.source.fetchedSeries.count == 18)
        let items = stage.table.items
        let kept = try #require(items[Self.date("2024-03-05")])
        #expect(kept.others["note"] == "kept")
        #expect(kept.numbers["vix"] != 99)
        for field in MacroFieldMap.defaults.fields.map(\.name) {
            #expect(items[Self.date("2024-03-04")]?.numbers[field] != nil, "\(field)")
        }
        // A lone date's one-week window holds no DTWEXBGS observation: unavailable, without proof of the start.
        #expect(items[Self.date("2005-06-01")]?.unavailable["dxy"] == "no_observation")
        #expect(items[Self.date("2024-03-04")]?.source == "FRED")
    }

    @Test("fill of a range scans first; a later scan counts unavailable values apart, not as gaps")
    func fillRange() async throws {
        let stage = Self.stage()
        let event = #"{"mode":"fill","start_date":"2005-12-01","end_date":"2006-01-31"}"#
        let result = try await Self.run(stage, event)
        #expect(result["body"]?["scan"]?["missing"] == 41)
        #expect(result["body"]?["dates_written"] == 41)
        let rescan = try await Self.run(stage, #"{"mode":"scan","start_date":"2005-12-01","end_date":"2006-01-31"}"#)
        #expect(rescan["body"]?["total_to_backfill"] == 0)
        #expect(rescan["body"]?["unavailable"] == 21)
        let retry = try await Self.run(
            stage, #"{"mode":"scan","start_date":"2005-12-01","end_date":"2006-01-31","retry_unavailable":true}"#)
        #expect(retry["body"]?["incomplete"] == 21)
    }

    @Test("the weekdays calendar reproduces the old script: NYSE holidays count as missing")
    func weekdaysCalendar() async throws {
        let event = #"{"mode":"scan","start_date":"2025-01-01","end_date":"2025-01-31"}"#
        let trading = try await Self.run(Self.stage(), event)
        let weekdays = try await Self.run(Self.stage(calendar: .weekdays), event)
        #expect(trading["body"]?["missing"] == 20)  // 23 weekdays less New Year, the 9th (closure) and MLK day
        #expect(weekdays["body"]?["missing"] == 23)
    }

    @Test("dry run: the plan and its time, no FRED call, no write, no job, no file")
    func dryRun() async throws {
        let stage = Self.stage()
        let result = try await Self.run(
            stage, #"{"mode":"fill","start_date":"2000-01-01","end_date":"2025-11-20","dry_run":true}"#)
        let body = try #require(result["body"])
        #expect(body["message"] == "dry_run")
        #expect(body["dates"]?.intValue ?? 0 > 6_000)
        #expect(body["fred_calls"]?.intValue ?? 0 < 40)
        #expect(stage.source.fetchedSeries.isEmpty)
        #expect(stage.table.counts.writes == 0)
        #expect(stage.objects.objects.isEmpty)
        #expect(try await stage.jobs.listJobs(limit: 10).isEmpty)
    }

    @Test("a window whose series fails is reported (207); the re-run fetches only that window")
    func resume() async throws {
        let stage = Self.stage(failing: ["VIXCLS@2024"])
        let event = #"{"mode":"fill","dates":["2005-06-01","2024-03-04","2024-03-05"]}"#
        let first = try await Self.run(stage, event)
        #expect(first["statusCode"] == 207)
        #expect(first["body"]?["failed"]?.arrayValue?.first?["period"] == "2024-03-04..2024-03-05")
        #expect(first["body"]?["succeeded"] == ["2005-06-01..2005-06-01"])
        let callsBefore = stage.source.fetchedSeries.count
        stage.source.heal()
        let second = try await Self.run(stage, event)
        #expect(second["statusCode"] == 200)
        let refetched = stage.source.fetchedSeries.dropFirst(callsBefore)
        #expect(refetched.count == MacroFieldMap.defaults.seriesToFetch.count)
        #expect(refetched.allSatisfy { $0.hasSuffix("@2024") })
        #expect(stage.table.items[Self.date("2024-03-04")]?.numbers["vix"] != nil)
    }

    @Test("a scheduled event scans and fills the last 10 trading days")
    func scheduled() async throws {
        let stage = Self.stage()
        let result = try await Self.run(stage, #"{"source":"aws.events","detail-type":"Scheduled Event"}"#)
        #expect(result["body"]?["scan"]?["start_date"] == "2025-11-07")
        #expect(result["body"]?["scan"]?["end_date"] == "2025-11-20")
        #expect(result["body"]?["dates_written"] == 10)
    }

    @Test(
        "bad events name the field",
        arguments: [
            (#"{}"#, "mode is required"), (#"{"mode":"sweep"}"#, "mode must be"),
            (#"{"mode":"fill"}"#, "mode fill needs dates"), (#"{"mode":"fill","dates":"2024-01-02"}"#, "dates must be"),
            (#"{"mode":"fill","dates":["2024-13-01"]}"#, "dates[0] must be"),
            (#"{"mode":"scan","start_date":"yesterday"}"#, "start_date must be"),
            (#"{"mode":"scan","dry_run":"yes"}"#, "dry_run must be a boolean"),
            (#"{"mode":"scan","start_date":"2025-02-01","end_date":"2025-01-01"}"#, "is after end_date"),
        ])
    func badEvents(event: String, message: String) throws {
        #expect {
            _ = try MacroGapFillRequest(event: try JSONParser.parse(event))
        } throws: { error in
            guard let error = error as? MacroGapFillError else { return false }
            return error.errorType == "InvalidEvent" && error.message.contains(message)
        }
    }
}
