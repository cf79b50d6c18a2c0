import Timekeeping

/// The signing instant, in UTC, to the second. Passed in by the caller so signing stays pure.
public struct SigV4Date: Sendable, Hashable {
    /// Calendar fields in UTC (proleptic Gregorian).
    public let year: Int
    public let month: Int
    public let day: Int
    public let hour: Int
    public let minute: Int
    public let second: Int
    /// `YYYYMMDDTHHMMSSZ`, formatted once (the signer writes it up to four times per request).
    private let text: SIMD16<UInt8>

    private init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        (self.year, self.month, self.day) = (year, month, day)
        (self.hour, self.minute, self.second) = (hour, minute, second)
        var text = SIMD16<UInt8>(repeating: 0)
        func put(_ value: Int, _ count: Int, at offset: Int) {
            var rest = value
            for index in stride(from: offset + count - 1, through: offset, by: -1) {
                text[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            }
        }
        put(min(max(year, 0), 9_999), 4, at: 0)
        put(month, 2, at: 4)
        put(day, 2, at: 6)
        text[8] = UInt8(ascii: "T")
        put(hour, 2, at: 9)
        put(minute, 2, at: 11)
        put(second, 2, at: 13)
        text[15] = UInt8(ascii: "Z")
        self.text = text
    }

    /// The instant `seconds` after 1970-01-01T00:00:00Z (negative values are before it).
    public init(secondsSince1970 seconds: Int) {
        let days = seconds >= 0 ? seconds / 86_400 : -((-seconds + 86_399) / 86_400)
        let secondOfDay = seconds - days * 86_400
        let civil = Self.civil(fromDays: days)
        self.init(
            year: civil.year, month: civil.month, day: civil.day, hour: secondOfDay / 3_600,
            minute: secondOfDay % 3_600 / 60, second: secondOfDay % 60
        )
    }

    /// Parses the `x-amz-date` form, e.g. `20150830T123600Z`; nil unless it names a real instant.
    public init?(amzDate: String) {
        let bytes = Array(amzDate.utf8)
        guard bytes.count == 16, bytes[8] == UInt8(ascii: "T"), bytes[15] == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8),
            let hour = number(9..<11), let minute = number(11..<13), let second = number(13..<15),
            (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year),
            hour < 24, minute < 60, second < 60
        else { return nil }
        self.init(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    public var secondsSince1970: Int {
        Self.days(year: year, month: month, day: day) * 86_400 + hour * 3_600 + minute * 60 + second
    }

    /// The `x-amz-date` form, e.g. `20150830T123600Z`.
    public var amzDate: String {
        withAmzDateBytes { date in String.build(capacity: 16) { $0.append(bytes: date) } }
    }

    /// The credential-scope date, e.g. `20150830`.
    public var dateStamp: String {
        withAmzDateBytes { date in String.build(capacity: 8) { $0.append(bytes: .init(rebasing: date[0..<8])) } }
    }

    /// Appends `YYYYMMDD` without going through a String (the signer's hot path).
    func appendDateStamp(to bytes: inout some ByteSink) {
        withAmzDateBytes { bytes.append(bytes: UnsafeRawBufferPointer(rebasing: $0[0..<8])) }
    }

    /// Appends `YYYYMMDDTHHMMSSZ` without going through a String.
    func appendAmzDate(to bytes: inout some ByteSink) {
        withAmzDateBytes { bytes.append(bytes: $0) }
    }

    /// Calls `body` with the 16 bytes of `YYYYMMDDTHHMMSSZ`.
    @inline(__always)
    func withAmzDateBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        withUnsafeBytes(of: text, body)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        CivilDate.daysIn(year: year, month: month)
    }

    /// Days since 1970-01-01 of a civil date (Timekeeping's calendar arithmetic).
    private static func days(year: Int, month: Int, day: Int) -> Int {
        CivilDate(year: year, month: month, day: day).daysSince1970
    }

    /// The civil date `days` after 1970-01-01.
    private static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let date = CivilDate(daysSince1970: days)
        return (date.year, date.month, date.day)
    }
}
