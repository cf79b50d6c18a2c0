import Timekeeping

/// Parses the ISO 8601 date-times AWS sends (`2025-11-21T08:30:00Z`, with optional fraction and offset) and
/// RFC 1123 dates (`Fri, 21 Nov 2025 08:30:00 GMT`, in `Retry-After` and `Last-Modified`).
enum ISO8601Timestamp {
    static func parse(_ text: String) -> Timestamp? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 19, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "),
            let date = CivilDate(iso8601: String(decoding: bytes[0..<10], as: UTF8.self)),
            let hour = number(bytes, 11, 2), let minute = number(bytes, 14, 2), let second = number(bytes, 17, 2)
        else { return nil }
        var index = 19
        var milliseconds = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 100
            while index < bytes.count, let digit = number(bytes, index, 1) {
                milliseconds += digit * scale
                scale /= 10
                index += 1
            }
        }
        var offsetSeconds = 0
        if index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "Z"), UInt8(ascii: "z"): index += 1
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                guard let hours = number(bytes, index + 1, 2) else { return nil }
                let minutesAt = bytes.count > index + 3 && bytes[index + 3] == UInt8(ascii: ":") ? index + 4 : index + 3
                guard let minutes = number(bytes, minutesAt, 2) else { return nil }
                offsetSeconds = (hours * 3600 + minutes * 60) * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
                index = minutesAt + 2
            default: return nil
            }
        }
        guard index == bytes.count else { return nil }
        let seconds = Int64(date.daysSince1970) * 86_400 + Int64(hour * 3600 + minute * 60 + second - offsetSeconds)
        return Timestamp(millisecondsSince1970: seconds * 1000 + Int64(milliseconds))
    }

    /// `Fri, 21 Nov 2025 08:30:00 GMT`.
    static func parseHTTPDate(_ text: String) -> Timestamp? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, let day = Int(parts[1]), let year = Int(parts[3]) else { return nil }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard let monthIndex = months.firstIndex(of: String(parts[2])) else { return nil }
        let month = monthIndex + 1
        let iso =
            "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)T\(parts[4])Z"
        return parse(iso)
    }

    private static func number(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int? {
        guard start >= 0, start + count <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[start..<(start + count)] {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }
}
