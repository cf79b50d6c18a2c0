public import Timekeeping

/// A half-open time window `[start, end)` of record updates to fetch: one chunk of a backfill.
public struct SourceWindow: Sendable, Hashable, CustomStringConvertible {
    public var start: Timestamp
    public var end: Timestamp

    public init(start: Timestamp, end: Timestamp) {
        self.start = start
        self.end = end
    }

    /// The days `[start, end)` from midnight UTC to midnight UTC.
    public init(startDate: CivilDate, endDate: CivilDate) {
        self.init(start: startDate.startTimestamp, end: endDate.startTimestamp)
    }

    /// `start..end` in ISO-8601.
    public var description: String { "\(start.iso8601)..\(end.iso8601)" }

    /// `YYYY-MM-DDTHH:MM:SSZ` (whole seconds, UTC), the form ConnectWise conditions take.
    public static func isoSeconds(_ timestamp: Timestamp) -> String {
        timestamp.civil.iso8601(fractionalDigits: 0)
    }

    /// `YYYY-MM-DD HH:MM:SS` (UTC), the form ServiceNow stores and queries date-times in.
    public static func spaceSeparated(_ timestamp: Timestamp) -> String {
        let civil = timestamp.civil
        return civil.date.iso8601 + " " + pad(civil.hour) + ":" + pad(civil.minute) + ":" + pad(civil.second)
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
