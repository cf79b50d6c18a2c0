public import JSON

/// What one event asks for, validated: a backfill of the last `months` complete months, or the scheduled
/// normal mode (month to date plus the last complete month), either of them possibly as a dry run.
///
/// Accepted events (the existing tool's contract): `{"backfill": true, "months": 13, "force": false}`,
/// `{"backfill": true, "months": 13, "dry_run": true}`, an EventBridge scheduled event, and `{}`.
public struct CostBackfillRequest: Sendable, Hashable {
    /// Which months a request covers.
    public enum Mode: Sendable, Hashable {
        /// The last `months` complete months, newest first.
        case backfill(months: Int)
        /// The month to date (in progress) and the last complete month; on the 1st only the latter.
        case normal
    }

    /// The months `backfill` covers when `months` is absent.
    public static let defaultMonths = 13
    /// The allowed range of `months` (Cost Explorer keeps 38 months of history).
    public static let monthsRange = 1...38

    public var mode: Mode
    /// Rewrite months already in the bucket.
    public var force: Bool
    /// Return the plan and the Cost Explorer estimate without calling Cost Explorer or writing anything.
    public var dryRun: Bool

    /// A request given in code (the CLI).
    public init(mode: Mode, force: Bool = false, dryRun: Bool = false) {
        self.mode = mode
        self.force = force
        self.dryRun = dryRun
    }

    /// Validates `event`; a wrong field is an `invalidEvent` error naming the field and the allowed values.
    public init(event: JSONValue) throws(CostBackfillError) {
        guard case .object(let object) = event else {
            throw CostBackfillError(
                .invalidEvent, "The event must be a JSON object, got \(event.typeDescription)")
        }
        let isBackfill = try Self.flag(object, "backfill")
        force = try Self.flag(object, "force")
        dryRun = try Self.flag(object, "dry_run")
        let months = try Self.months(object["months"])
        let isScheduled = object["source"] == "aws.events" || object["detail-type"] == "Scheduled Event"
        mode = isBackfill && !isScheduled ? .backfill(months: months ?? Self.defaultMonths) : .normal
    }

    /// Whether the run rewrites months regardless of what the bucket holds (force, or the normal mode, whose
    /// months change every day).
    public var rewritesExisting: Bool { force || mode == .normal }

    /// `backfill`, `force`, `dry_run`: absent or null is false; anything but a boolean is an error.
    static func flag(_ object: JSONObject, _ name: String) throws(CostBackfillError) -> Bool {
        switch object[name] {
        case nil, .null?: return false
        case .bool(let value)?: return value
        case let other?:
            throw CostBackfillError(
                .invalidEvent, "\(name) must be a boolean (true or false), got \(describe(other))",
                context: ["field": name])
        }
    }

    /// `months`: absent or null is the default; otherwise a whole number in `monthsRange`.
    static func months(_ value: JSONValue?) throws(CostBackfillError) -> Int? {
        let allowed = "an integer from \(monthsRange.lowerBound) to \(monthsRange.upperBound)"
        let number: Int64?
        switch value {
        case nil, .null?: return nil
        case .int(let integer)?: number = integer
        case .double(let double)?:
            number = double.rounded() == double && abs(double) < 1e9 ? Int64(double) : nil
        default: number = nil
        }
        guard let number, number >= Int64(monthsRange.lowerBound), number <= Int64(monthsRange.upperBound) else {
            throw CostBackfillError(
                .invalidEvent, "months must be \(allowed), got \(describe(value ?? .null))",
                context: ["field": "months"])
        }
        return Int(number)
    }

    /// A short description of a wrong value: numbers and booleans as written, strings quoted (cut at 40
    /// characters), other types by name.
    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .int, .double, .bool: return value.serialized()
        case .string(let text):
            let cut = text.count > 40 ? String(text.prefix(40)) + "…" : text
            return "the string \"\(cut)\""
        default: return value.typeDescription
        }
    }
}
