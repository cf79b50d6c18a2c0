public import BackfillCore
public import Timekeeping

/// Which days of a range the macro table should hold an item for.
public enum ScanCalendar: Sendable, Hashable {
    /// Days the exchange is open (holidays, Good Friday and special closures excluded).
    case trading(TradingCalendar)
    /// Monday to Friday: the old script's behaviour (every holiday counted as a gap).
    case weekdays

    /// The NYSE trading calendar with its default special closures.
    public static let nyse = ScanCalendar.trading(.nyse)

    /// Parses `trading`/`nyse` or `weekdays` (the CLI's `--calendar`).
    public init?(name: String) {
        switch name {
        case "trading", "nyse": self = .nyse
        case "weekdays": self = .weekdays
        default: return nil
        }
    }

    /// The days of `first...last` an item is expected for, oldest first.
    public func days(from first: CivilDate, through last: CivilDate) throws(MacroGapFillError) -> [CivilDate] {
        guard first <= last else {
            throw MacroGapFillError(
                .invalidRange, "the start date is after the end date",
                context: ["start": first.iso8601, "end": last.iso8601])
        }
        let scheme: PartitionScheme
        switch self {
        case .trading(let calendar): scheme = .tradingDays(calendar)
        case .weekdays: scheme = .days
        }
        let partitions: [Partition]
        do {
            partitions = try scheme.partitions(from: first, through: last)
        } catch {
            throw MacroGapFillError(.invalidRange, error.message)
        }
        let days = partitions.compactMap(\.first)
        return self == .weekdays ? days.filter { $0.weekday != 0 && $0.weekday != 6 } : days
    }

    /// Whether the market is open on `date` by this calendar.
    public func isOpen(_ date: CivilDate) -> Bool {
        switch self {
        case .trading(let calendar): calendar.isTradingDay(date)
        case .weekdays: date.weekday != 0 && date.weekday != 6
        }
    }
}
