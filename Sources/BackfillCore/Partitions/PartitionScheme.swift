public import Timekeeping

/// Which order partitions are processed in.
public enum PartitionOrder: String, Sendable, Hashable, Codable {
    /// Most recent first: the data people look at first arrives first.
    case newestFirst = "newest-first"
    /// Chronological.
    case oldestFirst = "oldest-first"
}

/// How a date range is cut into partitions.
public enum PartitionScheme: Sendable, Hashable {
    /// Calendar months (`2025-11`); a range touching part of a month includes the whole month.
    case months
    /// Calendar days (`2025-11-21`).
    case days
    /// Days the market is open according to `calendar` (`2025-11-21`).
    case tradingDays(TradingCalendar)
    /// Windows of `days` days (`2025-01-01..2025-01-07`); with `clampToMonthEnd` no window crosses a month end,
    /// so the last window of a month may be shorter.
    case windows(days: Int, clampToMonthEnd: Bool)

    /// The partitions covering `first...last`, in `order`.
    public func partitions(
        from first: CivilDate,
        through last: CivilDate,
        order: PartitionOrder = .oldestFirst
    ) throws(BackfillCoreError) -> [Partition] {
        guard first <= last else {
            throw BackfillCoreError(
                .invalidPartition,
                "range start is after its end",
                context: ["start": first.iso8601, "end": last.iso8601]
            )
        }
        var result: [Partition] = []
        switch self {
        case .months:
            var month = first.firstOfMonth()
            while month <= last {
                result.append(.month(of: month))
                month = month.firstOfMonth(adding: 1)
            }
        case .days:
            for day in first.daysSince1970...last.daysSince1970 {
                result.append(.day(CivilDate(daysSince1970: day)))
            }
        case .tradingDays(let calendar):
            result = calendar.tradingDays(from: first, through: last).map(Partition.day)
        case .windows(let size, let clamp):
            guard size >= 1 else {
                throw BackfillCoreError(.invalidPartition, "window size must be at least one day")
            }
            var start = first
            while start <= last {
                var end = min(start.adding(days: size - 1), last)
                if clamp { end = min(end, start.lastOfMonth) }
                result.append(.window(from: start, through: end))
                start = end.adding(days: 1)
            }
        }
        return order == .newestFirst ? result.reversed() : result
    }

    /// An explicit list of keys (deduplicated, first occurrence kept), ordered by key when `order` is given.
    public static func explicit(_ keys: [String], order: PartitionOrder? = nil) -> [Partition] {
        var seen = Set<String>()
        var result = keys.filter { seen.insert($0).inserted }.map(Partition.parse)
        if let order {
            result.sort { order == .oldestFirst ? $0.key < $1.key : $0.key > $1.key }
        }
        return result
    }
}
