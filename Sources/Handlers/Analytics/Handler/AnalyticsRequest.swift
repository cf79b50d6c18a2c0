public import JSON
public import Timekeeping

/// What an event asks of `analytics-export` or `analytics-aggregate`, validated before any AWS call.
///
/// Accepted events (the existing tool's contract): `{"mode":"incremental"}` (also `{}` and an EventBridge
/// scheduled event), `{"mode":"backfill","backfillStartDate":"YYYY-MM-DD"}`, either with an optional
/// `"exportArn"` (the aggregator aggregates that export), `{"action":"status","exportArn":"…"}` (the
/// export's status, for the state machine), and the aggregator's fan-out actions (``AnalyticsFanOutAction``).
public struct AnalyticsRequest: Sendable, Hashable {
    /// Which days a request covers.
    public enum Mode: Sendable, Hashable {
        /// Yesterday (UTC), from an incremental export.
        case incremental
        /// `start` … yesterday, from a full export.
        case backfill(start: CivilDate)
    }

    /// The error texts users grep for (worded as the existing tool's).
    public enum Message {
        public static let invalidMode = "Invalid mode. Must be 'incremental' or 'backfill'"
        public static let missingStartDate = "backfillStartDate is required for backfill mode"
        public static let invalidStartDate = "Invalid backfillStartDate format"
    }

    /// The mode.
    public var mode: Mode
    /// The export to aggregate, or whose status to report.
    public var exportArn: String?
    /// True for `{"action":"status"}`: report the export's status only.
    public var isStatus: Bool
    /// The state machine's fan-out step (`plan`, `aggregatePartition`, `merge`), or nil for a whole aggregation.
    public var fanOut: AnalyticsFanOutAction?

    /// A request given in code (the CLI, tests).
    public init(
        mode: Mode, exportArn: String? = nil, isStatus: Bool = false, fanOut: AnalyticsFanOutAction? = nil
    ) {
        self.mode = mode
        self.exportArn = exportArn
        self.isStatus = isStatus
        self.fanOut = fanOut
    }

    /// Validates `event` on `today` (UTC); a wrong field is an `invalidEvent` error with the tool's wording.
    public init(event: JSONValue, today: CivilDate) throws(AnalyticsHandlerError) {
        guard case .object(let object) = event else {
            throw AnalyticsHandlerError(.invalidEvent, "The event must be a JSON object, got \(event.typeDescription)")
        }
        exportArn = try Self.string(object, "exportArn")
        let action = try Self.string(object, "action")
        fanOut = nil
        if let action, action != "status" {
            guard let fanOut = try AnalyticsFanOutAction.parse(action: action, object) else {
                throw AnalyticsHandlerError(
                    .invalidEvent, "Invalid action. Must be \(AnalyticsFanOutAction.actions)",
                    context: ["field": "action"])
            }
            self.fanOut = fanOut
            if fanOut != .plan {
                isStatus = false
                mode = .incremental
                return
            }
        } else if action != nil {
            guard exportArn != nil else {
                throw AnalyticsHandlerError(
                    .invalidEvent, "exportArn is required for the status action", context: ["field": "exportArn"])
            }
            isStatus = true
            mode = .incremental
            return
        }
        isStatus = false
        let isScheduled = object["source"] == "aws.events" || object["detail-type"] == "Scheduled Event"
        if isScheduled {
            mode = .incremental
            return
        }
        switch object["mode"] {
        case nil, .null?, .string("incremental")?:
            mode = .incremental
        case .string("backfill")?:
            mode = .backfill(start: try Self.startDate(object["backfillStartDate"], today: today))
        default:
            throw AnalyticsHandlerError(.invalidEvent, Message.invalidMode, context: ["field": "mode"])
        }
    }

    /// `backfillStartDate`: a real `YYYY-MM-DD` date, not after today.
    static func startDate(_ value: JSONValue?, today: CivilDate) throws(AnalyticsHandlerError) -> CivilDate {
        switch value {
        case nil, .null?:
            throw AnalyticsHandlerError(
                .invalidEvent, Message.missingStartDate, context: ["field": "backfillStartDate"])
        case .string(let text)?:
            if let date = CivilDate(iso8601: text), date <= today { return date }
            throw AnalyticsHandlerError(
                .invalidEvent, Message.invalidStartDate, context: ["field": "backfillStartDate"])
        default:
            throw AnalyticsHandlerError(
                .invalidEvent, Message.invalidStartDate, context: ["field": "backfillStartDate"])
        }
    }

    /// An optional non-empty string field.
    static func string(_ object: JSONObject, _ name: String) throws(AnalyticsHandlerError) -> String? {
        switch object[name] {
        case nil, .null?: return nil
        case .string(let text)? where !text.isEmpty: return text
        default:
            throw AnalyticsHandlerError(
                .invalidEvent, "\(name) must be a non-empty string", context: ["field": name])
        }
    }

    /// The export type the mode reads: incremental → `INCREMENTAL_EXPORT`, backfill → `FULL_EXPORT`.
    public var exportType: ExportType {
        if case .backfill = mode { return .full }
        return .incremental
    }

    /// `incremental` or `backfill`.
    public var modeName: String {
        if case .backfill = mode { return "backfill" }
        return "incremental"
    }

    /// The days the aggregation covers on `today`: yesterday, or `start` … yesterday (nil when empty).
    public func days(today: CivilDate) -> ClosedRange<CivilDate>? {
        let yesterday = today.adding(days: -1)
        switch mode {
        case .incremental: return yesterday...yesterday
        case .backfill(let start): return start <= yesterday ? start...yesterday : nil
        }
    }
}
