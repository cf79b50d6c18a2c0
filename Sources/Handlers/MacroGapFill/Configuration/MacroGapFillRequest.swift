public import JSON
public import Timekeeping

/// What one event asks for, validated.
///
/// - `{"mode":"scan"}` (optionally `start_date`, `end_date`): the gaps over the range (default 2000-01-01 →
///   yesterday), the file written to S3 when `SCAN_OUTPUT_BUCKET` is set;
/// - `{"mode":"fill","dates":["2024-01-02",…]}`: those dates;
/// - `{"mode":"fill","start_date":"…","end_date":"…"}`: scan the range, then fill its gaps;
/// - `"dry_run": true` with either: the plan (dates, FRED calls, time under the key limits) without a FRED call
///   or a write; `"retry_unavailable": true` lists dates recorded unavailable again;
/// - an EventBridge scheduled event: scan + fill of the last 10 trading days.
public struct MacroGapFillRequest: Sendable, Hashable {
    /// What the request does.
    public enum Mode: Sendable, Hashable {
        /// Scan a range and report its gaps.
        case scan
        /// Fill the dates given.
        case fillDates([CivilDate])
        /// Scan a range and fill its gaps.
        case fillRange
    }

    /// The first date of the default range.
    public static let defaultStart = CivilDate(year: 2000, month: 1, day: 1)
    /// The trading days a scheduled event covers.
    public static let scheduledTradingDays = 10

    public var mode: Mode
    /// The range scanned (nil: the default, or the last 10 trading days when scheduled).
    public var startDate: CivilDate?
    public var endDate: CivilDate?
    /// The plan only: no FRED call, no write.
    public var dryRun: Bool
    /// List dates recorded unavailable as gaps again.
    public var retryUnavailable: Bool
    /// The event was EventBridge's schedule.
    public var isScheduled: Bool

    /// A request given in code (the CLI).
    public init(
        mode: Mode, startDate: CivilDate? = nil, endDate: CivilDate? = nil, dryRun: Bool = false,
        retryUnavailable: Bool = false, isScheduled: Bool = false
    ) {
        self.mode = mode
        self.startDate = startDate
        self.endDate = endDate
        self.dryRun = dryRun
        self.retryUnavailable = retryUnavailable
        self.isScheduled = isScheduled
    }

    /// Validates `event`; a wrong field is an `invalidEvent` error naming the field and what is allowed.
    public init(event: JSONValue) throws(MacroGapFillError) {
        guard case .object(let object) = event else {
            throw MacroGapFillError(.invalidEvent, "The event must be a JSON object, got \(event.typeDescription)")
        }
        dryRun = try Self.flag(object, "dry_run")
        retryUnavailable = try Self.flag(object, "retry_unavailable")
        isScheduled = object["source"] == "aws.events" || object["detail-type"] == "Scheduled Event"
        startDate = try Self.date(object, "start_date")
        endDate = try Self.date(object, "end_date")
        if let startDate, let endDate, startDate > endDate {
            throw MacroGapFillError(
                .invalidEvent, "start_date \(startDate.iso8601) is after end_date \(endDate.iso8601)",
                context: ["field": "start_date"])
        }
        if isScheduled {
            mode = .fillRange
            return
        }
        switch object["mode"] {
        case .string("scan")?:
            guard object["dates"] == nil else {
                throw MacroGapFillError(
                    .invalidEvent, "dates is only allowed with mode fill", context: ["field": "dates"])
            }
            mode = .scan
        case .string("fill")?:
            if let dates = object["dates"], dates != .null {
                guard startDate == nil && endDate == nil else {
                    throw MacroGapFillError(
                        .invalidEvent, "give either dates or start_date/end_date, not both", context: ["field": "dates"]
                    )
                }
                mode = .fillDates(try Self.dates(dates))
            } else {
                guard startDate != nil || endDate != nil else {
                    throw MacroGapFillError(
                        .invalidEvent, "mode fill needs dates, or start_date and end_date", context: ["field": "dates"])
                }
                mode = .fillRange
            }
        case nil, .null?:
            throw MacroGapFillError(.invalidEvent, "mode is required: \"scan\" or \"fill\"", context: ["field": "mode"])
        case let other?:
            throw MacroGapFillError(
                .invalidEvent, "mode must be \"scan\" or \"fill\", got \(Self.describe(other))",
                context: ["field": "mode"])
        }
    }

    /// The range to scan, given today's date: the event's dates, else 2000-01-01 → yesterday; a scheduled event
    /// covers the last ``scheduledTradingDays`` days `calendar` says are open, up to yesterday.
    public func range(today: CivilDate, calendar: ScanCalendar) throws(MacroGapFillError) -> ClosedRange<CivilDate> {
        let yesterday = today.adding(days: -1)
        if isScheduled && startDate == nil && endDate == nil {
            let days = try calendar.days(from: yesterday.adding(days: -30), through: yesterday)
            let recent = days.suffix(Self.scheduledTradingDays)
            return (recent.first ?? yesterday)...yesterday
        }
        let end = endDate ?? yesterday
        let start = startDate ?? Self.defaultStart
        guard start <= end else {
            throw MacroGapFillError(
                .invalidEvent, "start_date \(start.iso8601) is after end_date \(end.iso8601)",
                context: ["field": "start_date"])
        }
        return start...end
    }

    static func flag(_ object: JSONObject, _ name: String) throws(MacroGapFillError) -> Bool {
        switch object[name] {
        case nil, .null?: return false
        case .bool(let value)?: return value
        case let other?:
            throw MacroGapFillError(
                .invalidEvent, "\(name) must be a boolean (true or false), got \(describe(other))",
                context: ["field": name])
        }
    }

    static func date(_ object: JSONObject, _ name: String) throws(MacroGapFillError) -> CivilDate? {
        switch object[name] {
        case nil, .null?: return nil
        case .string(let text)?:
            guard let date = CivilDate(iso8601: text) else {
                throw MacroGapFillError(
                    .invalidEvent, "\(name) must be a date YYYY-MM-DD, got \"\(text.prefix(40))\"",
                    context: ["field": name])
            }
            return date
        case let other?:
            throw MacroGapFillError(
                .invalidEvent, "\(name) must be a date YYYY-MM-DD, got \(describe(other))", context: ["field": name])
        }
    }

    static func dates(_ value: JSONValue) throws(MacroGapFillError) -> [CivilDate] {
        guard let array = value.arrayValue else {
            throw MacroGapFillError(
                .invalidEvent, "dates must be an array of YYYY-MM-DD strings, got \(describe(value))",
                context: ["field": "dates"])
        }
        guard !array.isEmpty else {
            throw MacroGapFillError(.invalidEvent, "dates must not be empty", context: ["field": "dates"])
        }
        var result: [CivilDate] = []
        for (index, element) in array.enumerated() {
            guard let text = element.stringValue, let date = CivilDate(iso8601: text) else {
                throw MacroGapFillError(
                    .invalidEvent, "dates[\(index)] must be a date YYYY-MM-DD, got \(describe(element))",
                    context: ["field": "dates"])
            }
            result.append(date)
        }
        return result
    }

    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): "\"\(text.prefix(40))\""
        default: String(value.serialized().prefix(40))
        }
    }
}
