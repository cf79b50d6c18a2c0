import ArgumentParser
import BackfillCore
import JSON
import LambdaRuntime
import MacroGapFill
import Timekeeping

#if canImport(Glibc)
    import Glibc
#endif

/// `backfill macro`: the old gap-fill script's flags on the `macro-gapfill` handler, in this process. Scans the
/// table (summary block on stderr, `missing_dates.txt` written), then fills the gaps — or the dates of
/// `--from-file` — as a tracker job, with the progress bar and the closing block on stderr and the result JSON on
/// stdout. Exit 0 when everything was filled, 1 when a window failed or a key was refused, 2 on bad input.
struct MacroCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "macro",
        abstract: "Find and fill missing trading days of the macro table from FRED (the macro-gapfill handler).",
        discussion: """
            Two steps: `backfill macro --scan-only` writes missing_dates.txt for review; `backfill macro \
            --from-file missing_dates.txt` fills what it lists. Without either, scans and fills at once. A run \
            killed half-way resumes when the same command runs again. Variables: MACRO_TABLE, FRED_API_KEYS_SECRET \
            or FRED_API_KEYS, FRED_API_URL, JOBS_TABLE (see Docs/macro-gapfill.md).
            """)

    @Option(help: "Select the table MacroIndicators-ENV and the secret fred-api-keys-ENV (variables override).")
    var environment: String?

    @Flag(name: .customLong("scan-only"), help: "Scan and write the file; fill nothing.")
    var scanOnly = false

    @Option(name: .customLong("output-file"), help: "Where the scan writes its file.")
    var outputFile = "missing_dates.txt"

    @Option(name: .customLong("from-file"), help: "Fill the dates this file lists (as the scan writes it).")
    var fromFile: String?

    @Flag(name: .customLong("dry-run"), help: "Print the plan (dates, FRED calls, time); call and write nothing.")
    var dryRun = false

    @Option(name: .customLong("start-date"), help: "First date scanned (YYYY-MM-DD, default 2000-01-01).")
    var startDate: String?

    @Option(name: .customLong("end-date"), help: "Last date scanned (YYYY-MM-DD, default yesterday).")
    var endDate: String?

    @Option(help: "trading (NYSE days) or weekdays (the old script's calendar).")
    var calendar: String?

    @Option(name: .customLong("requests-per-minute"), help: "FRED requests a minute per key (default 120).")
    var requestsPerMinute: Int?

    @Flag(name: .customLong("retry-unavailable"), help: "List dates recorded unavailable at the source again.")
    var retryUnavailable = false

    @Option(help: "Append CloudWatch embedded-metric lines to this file instead of stderr.")
    var metrics: String?

    func validate() throws {
        for (name, value) in [("--start-date", startDate), ("--end-date", endDate)] {
            if let value, CivilDate(iso8601: value) == nil {
                throw ValidationError("\(name) must be a date YYYY-MM-DD, got \(value)")
            }
        }
        if let calendar, ScanCalendar(name: calendar) == nil {
            throw ValidationError("--calendar must be trading or weekdays, got \(calendar)")
        }
        if let requestsPerMinute, requestsPerMinute < 1 {
            throw ValidationError("--requests-per-minute must be at least 1")
        }
        if fromFile != nil && scanOnly { throw ValidationError("--from-file and --scan-only exclude each other") }
    }

    func run() async throws {
        let session = try LocalSession(handler: "macro-gapfill", metricsFile: metrics, progress: true, quietLogs: true)
        var setup = session.setup
        setup.variables = MacroCommandEnvironment.apply(
            to: setup.variables, environment: environment, calendar: calendar, requestsPerMinute: requestsPerMinute)
        let handler: MacroGapFillHandler
        do {
            handler = try await MacroGapFillFamily.make(setup, scanProgress: MacroCommandOutput.scanProgress())
        } catch let error as MacroGapFillError {
            MacroCommandOutput.line("\(error.errorType): \(error.message)")
            throw ExitCode(1)
        }
        let dates: [CivilDate]
        if let fromFile {
            dates = try Self.readDates(fromFile)
            MacroCommandOutput.line("Read \(dates.count) dates from \(fromFile)")
        } else {
            let request = MacroGapFillRequest(
                mode: .scan, startDate: startDate.flatMap(CivilDate.init(iso8601:)),
                endDate: endDate.flatMap(CivilDate.init(iso8601:)), dryRun: true, retryUnavailable: retryUnavailable)
            let report = try await handler.scan(request, logger: session.logger)
            MacroCommandOutput.summary(report)
            if !dryRun, let text = report.fileText {
                try MacroCommandOutput.write(text, to: outputFile)
                MacroCommandOutput.line("Wrote \(report.result.gaps.count) dates to \(outputFile)")
            }
            if scanOnly {
                print(MacroCommandOutput.scanJSON(report).serialized(pretty: true))
                return
            }
            dates = report.result.gaps.map(\.date)
        }
        guard !dates.isEmpty else {
            print(#"{"statusCode": 200, "body": {"message": "nothing_to_fill", "dates": 0}}"#)
            return
        }
        let result = try await handler.run(
            MacroGapFillRequest(mode: .fillDates(dates), dryRun: dryRun), owner: LocalSession.owner, deadline: .none,
            logger: session.logger, events: session.renderer.map { $0.handle })
        session.renderer?.finish()
        if !dryRun { MacroCommandOutput.closing(result, dates: dates) }
        print(result.serialized(pretty: true))
        if result["statusCode"] != 200 { throw ExitCode(1) }
    }

    /// The dates of a scan file; a malformed line exits 2 with its line number.
    static func readDates(_ path: String) throws -> [CivilDate] {
        let bytes = try CommandInput.read("@" + path)
        do {
            return try MissingDatesFile.parse(String(decoding: bytes, as: UTF8.self)).dates
        } catch {
            MacroCommandOutput.line("\(path): \(error.message)")
            throw ExitCode(2)
        }
    }
}
