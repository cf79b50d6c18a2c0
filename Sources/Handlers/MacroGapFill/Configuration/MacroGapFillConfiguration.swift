public import FREDConnector
import JSON

/// Everything `macro-gapfill` needs from its environment, parsed once at init (the handler never reads the
/// environment). Variables: `MACRO_TABLE` (required), `FRED_API_URL`, `FRED_API_KEYS_SECRET` or `FRED_API_KEYS`
/// (one of them required), `FRED_REQUESTS_PER_MINUTE`, `SCAN_OUTPUT_BUCKET`, `SCAN_OUTPUT_KEY`, `MACRO_CALENDAR`,
/// `MACRO_FIELD_MAP`, `MACRO_SCAN_SEGMENTS`, `MACRO_CONCURRENCY`, `JOBS_TABLE`, `BACKFILL_LEASE_SECONDS`.
public struct MacroGapFillConfiguration: Sendable, Hashable {
    /// The macro table (`date` string key).
    public var macroTable: String
    /// FRED's base URL.
    public var fredURL: String
    /// Where the keys come from.
    public var keyOrigin: FREDKeyLoader.Origin
    /// Requests a minute each key may make.
    public var requestsPerMinute: Int
    /// The bucket a scan writes `missing_dates.txt` to; nil writes nothing.
    public var scanOutputBucket: String?
    /// The object key of the scan file.
    public var scanOutputKey: String
    /// Which days need an item.
    public var calendar: ScanCalendar
    /// Fields and their series.
    public var fieldMap: MacroFieldMap
    /// Parallel Scan segments.
    public var scanSegments: Int
    /// Fetch partitions processed at once.
    public var concurrency: Int
    /// The tracker's table.
    public var jobsTable: String
    /// The lease on a claimed partition.
    public var leaseDuration: Duration

    /// A configuration given in code (tests, tools).
    public init(
        macroTable: String, fredURL: String = FREDClient.defaultBaseURL, keyOrigin: FREDKeyLoader.Origin,
        requestsPerMinute: Int = 120, scanOutputBucket: String? = nil, scanOutputKey: String = "missing_dates.txt",
        calendar: ScanCalendar = .nyse, fieldMap: MacroFieldMap = .defaults, scanSegments: Int = 4,
        concurrency: Int = 4, jobsTable: String = "BackfillJobs", leaseDuration: Duration = .seconds(60)
    ) {
        self.macroTable = macroTable
        self.fredURL = fredURL
        self.keyOrigin = keyOrigin
        self.requestsPerMinute = requestsPerMinute
        self.scanOutputBucket = scanOutputBucket
        self.scanOutputKey = scanOutputKey
        self.calendar = calendar
        self.fieldMap = fieldMap
        self.scanSegments = scanSegments
        self.concurrency = concurrency
        self.jobsTable = jobsTable
        self.leaseDuration = leaseDuration
    }

    /// Parses the variables above; throws a `configuration` error naming the variable that is missing or wrong.
    public init(environment: [String: String]) throws(MacroGapFillError) {
        func value(_ name: String) -> String? {
            let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
            guard let text = environment[name], let first = text.firstIndex(where: { !isSpace($0) }),
                let last = text.lastIndex(where: { !isSpace($0) })
            else { return nil }
            return String(text[first...last])
        }
        func integer(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws(MacroGapFillError) -> Int {
            guard let text = value(name) else { return fallback }
            guard let number = Int(text), range.contains(number) else {
                throw MacroGapFillError(
                    .configuration,
                    "\(name) must be an integer from \(range.lowerBound) to \(range.upperBound), got \"\(text)\"")
            }
            return number
        }
        guard let table = value("MACRO_TABLE") else {
            throw MacroGapFillError(.configuration, "MACRO_TABLE environment variable is required")
        }
        let origin: FREDKeyLoader.Origin
        if let secret = value("FRED_API_KEYS_SECRET") {
            origin = .secret(secret)
        } else if let list = environment["FRED_API_KEYS"], !list.isEmpty {
            origin = .list(list)
        } else {
            throw MacroGapFillError(
                .configuration, "FRED_API_KEYS_SECRET (or FRED_API_KEYS) environment variable is required")
        }
        var calendar = ScanCalendar.nyse
        if let name = value("MACRO_CALENDAR") {
            guard let parsed = ScanCalendar(name: name) else {
                throw MacroGapFillError(.configuration, "MACRO_CALENDAR must be trading or weekdays, got \"\(name)\"")
            }
            calendar = parsed
        }
        var fieldMap = MacroFieldMap.defaults
        if let text = value("MACRO_FIELD_MAP") {
            guard let json = try? JSONParser.parse(text) else {
                throw MacroGapFillError(.configuration, "MACRO_FIELD_MAP is not JSON")
            }
            do {
                fieldMap = try fieldMap.overriding(with: json)
            } catch {
                throw MacroGapFillError(.configuration, "MACRO_FIELD_MAP: \(error.message)")
            }
        }
        self.init(
            macroTable: table, fredURL: value("FRED_API_URL") ?? FREDClient.defaultBaseURL, keyOrigin: origin,
            requestsPerMinute: try integer("FRED_REQUESTS_PER_MINUTE", default: 120, range: 1...10_000),
            scanOutputBucket: value("SCAN_OUTPUT_BUCKET"),
            scanOutputKey: value("SCAN_OUTPUT_KEY") ?? "missing_dates.txt", calendar: calendar, fieldMap: fieldMap,
            scanSegments: try integer("MACRO_SCAN_SEGMENTS", default: 4, range: 1...64),
            concurrency: try integer("MACRO_CONCURRENCY", default: 4, range: 1...16),
            jobsTable: value("JOBS_TABLE") ?? "BackfillJobs",
            leaseDuration: .seconds(try integer("BACKFILL_LEASE_SECONDS", default: 60, range: 1...60)))
    }

    /// The tracker's destination string: `dynamodb:TABLE`.
    public var destination: String { "dynamodb:\(macroTable)" }
}
