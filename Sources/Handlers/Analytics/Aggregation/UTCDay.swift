import Timekeeping

/// The UTC day of an item's timestamp, as days since 1970-01-01, read straight from the scanned bytes:
/// ISO-8601 text (`2025-03-01T23:30:00-05:00` is 2025-03-02 in UTC; no zone means UTC; a bare date is that
/// day) or epoch milliseconds (a DynamoDB `N`). Nil for anything else.
public enum UTCDay {
    /// The last date (`YYYY-MM-DD`) read and its day number: a party's members mostly joined on one day.
    struct DateMemo {
        var prefix: (UInt64, UInt16) = (0, 0)
        var date = 0
    }

    /// The UTC day of an ISO-8601 date or date-time.
    public static func ofISO8601(_ text: UnsafeRawBufferPointer) -> Int? {
        var memo = DateMemo()
        return ofISO8601(text, memo: &memo)
    }

    /// The UTC day of an ISO-8601 date or date-time; a date equal to `memo`'s (already validated) is not
    /// parsed again.
    static func ofISO8601(_ text: UnsafeRawBufferPointer, memo: inout DateMemo) -> Int? {
        let count = text.count
        guard count >= 10 else { return nil }
        let prefix = (text.loadUnaligned(as: UInt64.self), text.loadUnaligned(fromByteOffset: 8, as: UInt16.self))
        let date: Int
        if prefix == memo.prefix, memo.prefix.0 != 0 {
            date = memo.date
        } else {
            guard let year = number(text, 0, 4), text[4] == 0x2D, let month = number(text, 5, 2),
                text[7] == 0x2D, let day = number(text, 8, 2), (1...12).contains(month),
                day >= 1, day <= CivilDate.daysIn(year: year, month: month)
            else { return nil }
            date = CivilDate(year: year, month: month, day: day).daysSince1970
            memo = DateMemo(prefix: prefix, date: date)
        }
        if count == 10 { return date }
        // A time: `T` (or a space), HH:MM, optional :SS and fraction, optional zone.
        guard count >= 16, text[10] == 0x54 || text[10] == 0x74 || text[10] == 0x20,
            let hour = number(text, 11, 2), text[13] == 0x3A, let minute = number(text, 14, 2),
            hour <= 24, minute <= 59
        else { return nil }
        var index = 16
        var second = 0
        if index < count, text[index] == 0x3A {
            guard let value = number(text, index + 1, 2), value <= 60 else { return nil }
            second = value
            index += 3
            if index < count, text[index] == 0x2E || text[index] == 0x2C {
                index += 1
                let digitsStart = index
                while index < count, text[index] &- 0x30 < 10 { index += 1 }
                guard index > digitsStart else { return nil }
            }
        }
        guard hour < 24 || (minute == 0 && second == 0) else { return nil }
        var offsetMinutes = 0
        if index < count {
            switch text[index] {
            case 0x5A, 0x7A:  // Z
                index += 1
            case 0x2B, 0x2D:  // +HH:MM, +HHMM or +HH
                let sign = text[index] == 0x2D ? -1 : 1
                guard let zoneHours = number(text, index + 1, 2), zoneHours <= 23 else { return nil }
                index += 3
                var zoneMinutes = 0
                if index < count {
                    if text[index] == 0x3A { index += 1 }
                    guard let value = number(text, index, 2), value <= 59 else { return nil }
                    zoneMinutes = value
                    index += 2
                }
                offsetMinutes = sign * (zoneHours * 60 + zoneMinutes)
            default:
                return nil
            }
        }
        guard index == count else { return nil }
        let minuteOfDay = hour * 60 + minute - offsetMinutes
        return date + floorDivide(minuteOfDay, 1440)
    }

    /// The UTC day of epoch milliseconds written as DynamoDB writes a number: an optional `-` and digits.
    public static func ofEpochMilliseconds(_ text: UnsafeRawBufferPointer) -> Int? {
        guard let milliseconds = integer(text) else { return nil }
        return Int(floorDivide(milliseconds, 86_400_000))
    }

    /// An integer written as an optional sign and 1–18 digits (DynamoDB `N` of an integer); nil otherwise.
    public static func integer(_ text: UnsafeRawBufferPointer) -> Int64? {
        var index = 0
        var negative = false
        if index < text.count, text[index] == 0x2D || text[index] == 0x2B {
            negative = text[index] == 0x2D
            index += 1
        }
        guard text.count > index, text.count - index <= 18 else { return nil }
        var value: Int64 = 0
        while index < text.count {
            let digit = text[index] &- 0x30
            guard digit < 10 else { return nil }
            value = value * 10 + Int64(digit)
            index += 1
        }
        return negative ? -value : value
    }

    @inline(__always)
    private static func number(_ text: UnsafeRawBufferPointer, _ start: Int, _ width: Int) -> Int? {
        guard start + width <= text.count else { return nil }
        var value = 0
        for index in start..<(start + width) {
            let digit = text[index] &- 0x30
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value
    }

    private static func floorDivide<T: BinaryInteger>(_ value: T, _ divisor: T) -> T {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }
}
