public import JSON
public import Timekeeping

/// Which days' metrics may go to CloudWatch. PutMetricData rejects a datum whose timestamp is more than
/// 14 days old (or more than 2 hours ahead), and one rejected datum fails its whole request, so days
/// outside the window are never sent: they go to the analytics table only and the result says so.
/// A day's datums carry the day's start (00:00 UTC). A margin keeps a request that is slow to reach
/// CloudWatch inside the window; it is at most 24 hours, which keeps yesterday and the 11 days before it
/// (at least 12 complete days) publishable at any time of day.
public struct CloudWatchWindow: Sendable, Equatable {
    /// The oldest timestamp CloudWatch accepts, relative to now.
    public static let maximumAge = Duration.seconds(14 * 86_400)
    /// How far ahead of now CloudWatch accepts a timestamp.
    public static let futureTolerance = Duration.seconds(2 * 3_600)
    /// The largest margin allowed (a larger one could drop the 11 most recent days).
    public static let maximumMargin = Duration.seconds(86_400)

    /// Time kept between a published day's timestamp and the 14-day limit.
    public let margin: Duration

    /// A window with `margin` (clamped to 0…24 hours; default 1 hour).
    public init(margin: Duration = .seconds(3_600)) {
        self.margin = min(max(margin, .zero), Self.maximumMargin)
    }

    /// The timestamp a day's datums carry: the day's start in UTC.
    public static func timestamp(of day: CivilDate) -> Timestamp { day.startTimestamp }

    /// Which of `days` may be published at `now`.
    public func decide(days: [CivilDate], now: Timestamp) -> Decision {
        let oldest = now - Self.maximumAge + margin
        let newest = now + Self.futureTolerance
        var decision = Decision(published: [], skipped: [], reason: nil)
        var tooOld = 0
        var tooNew = 0
        for day in Set(days).sorted() {
            let stamp = Self.timestamp(of: day)
            if stamp < oldest {
                tooOld += 1
                decision.skipped.append(day)
            } else if stamp > newest {
                tooNew += 1
                decision.skipped.append(day)
            } else {
                decision.published.append(day)
            }
        }
        var reasons: [String] = []
        if tooOld > 0 {
            reasons.append(
                "\(tooOld) day(s) older than 14 days (CloudWatch rejects timestamps older than 14 days; "
                    + "oldest published day: \(decision.published.first?.iso8601 ?? "none")): written to the "
                    + "analytics table only")
        }
        if tooNew > 0 {
            reasons.append("\(tooNew) day(s) in the future (more than 2 hours ahead): written to the table only")
        }
        decision.reason = reasons.isEmpty ? nil : reasons.joined(separator: "; ")
        return decision
    }

    /// Which of `days` may be published now, by `time` (inject a manual clock in tests).
    public func decide(days: [CivilDate], time: any TimeSource) -> Decision {
        decide(days: days, now: time.now)
    }

    /// The split of days between CloudWatch and table-only.
    public struct Decision: Sendable, Equatable {
        /// Days to publish, oldest first.
        public var published: [CivilDate]
        /// Days not published, oldest first.
        public var skipped: [CivilDate]
        /// Why days were skipped; nil when none were.
        public var reason: String?

        /// The result's `"cloudwatch"` object: `{"published_days","skipped_days","reason"?}`.
        public var resultJSON: JSONValue {
            var object: JSONObject = [
                "published_days": .int(Int64(published.count)), "skipped_days": .int(Int64(skipped.count)),
            ]
            if let reason { object["reason"] = .string(reason) }
            return .object(object)
        }
    }
}
