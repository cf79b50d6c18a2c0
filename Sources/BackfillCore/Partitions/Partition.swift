public import Timekeeping

/// One unit of work in a job: a calendar month, a day, a date window, or an opaque key from an explicit list.
/// The key is stable (`2025-11`, `2025-11-21`, `2025-01-01..2025-01-31`) and is what the tracker stores.
public struct Partition: Sendable, Hashable, CustomStringConvertible {
    /// The stable key the tracker records.
    public var key: String
    /// The first date the partition covers (inclusive), when it is a date partition.
    public var first: CivilDate?
    /// The last date the partition covers (inclusive), when it is a date partition.
    public var last: CivilDate?

    /// A partition with an explicit key and optional date bounds.
    public init(key: String, first: CivilDate? = nil, last: CivilDate? = nil) {
        self.key = key
        self.first = first
        self.last = last
    }

    /// The calendar month containing `date`, keyed `YYYY-MM`.
    public static func month(of date: CivilDate) -> Partition {
        let first = date.firstOfMonth()
        return Partition(key: first.yearMonth, first: first, last: first.lastOfMonth)
    }

    /// A single day, keyed `YYYY-MM-DD`.
    public static func day(_ date: CivilDate) -> Partition {
        Partition(key: date.iso8601, first: date, last: date)
    }

    /// A window of days, keyed `first..last` (both inclusive).
    public static func window(from first: CivilDate, through last: CivilDate) -> Partition {
        Partition(key: first.iso8601 + ".." + last.iso8601, first: first, last: last)
    }

    /// Reads a key back: `YYYY-MM` is a month, `YYYY-MM-DD` a day, `A..B` a window; anything else stays opaque.
    public static func parse(_ key: String) -> Partition {
        if let range = key.range(of: ".."),
            let first = CivilDate(iso8601: String(key[..<range.lowerBound])),
            let last = CivilDate(iso8601: String(key[range.upperBound...])), first <= last
        {
            return .window(from: first, through: last)
        }
        if let day = CivilDate(iso8601: key) { return .day(day) }
        if key.count == 7, let month = CivilDate(iso8601: key + "-01") { return .month(of: month) }
        return Partition(key: key)
    }

    /// How many days the partition covers (nil for opaque keys).
    public var dayCount: Int? {
        guard let first, let last else { return nil }
        return last.daysSince1970 - first.daysSince1970 + 1
    }

    public var description: String { key }
}

extension String {
    /// The range of the first occurrence of `needle`, without Foundation.
    func range(of needle: String) -> Range<String.Index>? {
        guard !needle.isEmpty else { return nil }
        var index = startIndex
        while index < endIndex {
            if self[index...].hasPrefix(needle) {
                return index..<self.index(index, offsetBy: needle.count)
            }
            index = self.index(after: index)
        }
        return nil
    }
}
