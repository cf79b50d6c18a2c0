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

    /// Reads `YYYY-MM-DDTHH:MM:SSZ` or `YYYY-MM-DD HH:MM:SS` (UTC, whole seconds; anything after the seconds is
    /// ignored), or nil.
    public static func parseSeconds(_ text: String) -> Timestamp? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 19, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "),
            let date = CivilDate(iso8601: String(decoding: bytes[0..<10], as: UTF8.self)),
            let hour = Int(String(decoding: bytes[11..<13], as: UTF8.self)),
            let minute = Int(String(decoding: bytes[14..<16], as: UTF8.self)),
            let second = Int(String(decoding: bytes[17..<19], as: UTF8.self)), hour < 24, minute < 60, second < 60
        else { return nil }
        return Timestamp(
            secondsSince1970: Int64(date.daysSince1970) * 86_400 + Int64(hour * 3600 + minute * 60 + second))
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
