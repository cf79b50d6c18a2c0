public import Timekeeping

/// One month of costs as Cost Explorer is asked for it: `start` inclusive, `end` exclusive (the first of the next
/// month, or today for the month to date), keyed `YYYY-MM` like its output folder and its tracker partition.
public struct CostPeriod: Sendable, Hashable, CustomStringConvertible {
    /// `YYYY-MM`.
    public var key: String
    /// The first day (inclusive).
    public var start: CivilDate
    /// The day after the last one (exclusive), as Cost Explorer's `TimePeriod.End`.
    public var end: CivilDate
    /// Whether the month is not over yet (the month to date): its summary says so and it is rewritten daily.
    public var isInProgress: Bool

    /// The whole month containing `date`.
    public static func month(of date: CivilDate) -> CostPeriod {
        let first = date.firstOfMonth()
        return CostPeriod(key: first.yearMonth, start: first, end: first.firstOfMonth(adding: 1), isInProgress: false)
    }

    /// The month of `today` up to (not including) `today`; nil on the 1st, when the range would be empty (Cost
    /// Explorer rejects a zero-width range).
    public static func monthToDate(_ today: CivilDate) -> CostPeriod? {
        let first = today.firstOfMonth()
        guard today > first else { return nil }
        return CostPeriod(key: first.yearMonth, start: first, end: today, isInProgress: true)
    }

    /// The period of a tracker partition key (`YYYY-MM`) as of `today`: the month to date when it is the current
    /// month, the whole month otherwise; nil for a key that is not a month.
    public static func parse(_ key: String, today: CivilDate) -> CostPeriod? {
        guard key.count == 7, let first = CivilDate(iso8601: key + "-01") else { return nil }
        if first == today.firstOfMonth() { return monthToDate(today) }
        return month(of: first)
    }

    /// The periods a request covers as of `today` (UTC), newest first.
    ///
    /// - `backfill(months: n)`: the `n` complete months before the current one.
    /// - `normal`: the month to date (unless today is the 1st) and the last complete month.
    public static func periods(for mode: CostBackfillRequest.Mode, today: CivilDate) -> [CostPeriod] {
        let current = today.firstOfMonth()
        switch mode {
        case .backfill(let months):
            return (1...max(1, months)).map { month(of: current.firstOfMonth(adding: -$0)) }
        case .normal:
            return [monthToDate(today), month(of: current.firstOfMonth(adding: -1))].compactMap { $0 }
        }
    }

    public var description: String { key }
}
