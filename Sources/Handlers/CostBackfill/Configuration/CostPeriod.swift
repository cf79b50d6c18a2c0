public import BackfillCore
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

    /// A period with every field given.
    public init(key: String, start: CivilDate, end: CivilDate, isInProgress: Bool) {
        self.key = key
        self.start = start
        self.end = end
        self.isInProgress = isInProgress
    }

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

    /// The period of a month partition as of `today`: the month to date when it is the current month, the
    /// whole month otherwise; nil for a partition that is not a month (or the current month on its 1st).
    public init?(partition: Partition, today: CivilDate) {
        guard let first = partition.first, first.firstOfMonth() == first, partition.last == first.lastOfMonth else {
            return nil
        }
        if first == today.firstOfMonth() {
            guard let period = Self.monthToDate(today) else { return nil }
            self = period
        } else {
            self = Self.month(of: first)
        }
    }

    /// The month partitions a request covers as of `today` (UTC), newest first, from the core's month scheme.
    ///
    /// - `backfill(months: n)`: the `n` complete months before the current one.
    /// - `normal`: the month to date (unless today is the 1st) and the last complete month.
    public static func partitions(for mode: CostBackfillRequest.Mode, today: CivilDate) -> [Partition] {
        let current = today.firstOfMonth()
        let first: CivilDate
        let last: CivilDate
        switch mode {
        case .backfill(let months):
            first = current.firstOfMonth(adding: -max(1, months))
            last = current.adding(days: -1)
        case .normal:
            first = current.firstOfMonth(adding: -1)
            last = today.adding(days: -1)
        }
        return (try? PartitionScheme.months.partitions(from: first, through: last, order: .newestFirst)) ?? []
    }

    /// The periods a request covers as of `today` (UTC), newest first (see ``partitions(for:today:)``).
    public static func periods(for mode: CostBackfillRequest.Mode, today: CivilDate) -> [CostPeriod] {
        partitions(for: mode, today: today).compactMap { CostPeriod(partition: $0, today: today) }
    }

    public var description: String { key }
}
