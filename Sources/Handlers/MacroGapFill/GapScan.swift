public import Timekeeping

/// Classifies the days of a range against the scanned items: a day without an item is `missing`; an item lacking
/// a required field (or holding a non-number) is `incomplete`, unless every lacking field is recorded as
/// unavailable at the source, which is counted apart (and listed again when `retryUnavailable`). Items on days
/// the calendar says are closed are reported separately, never as gaps.
public struct GapScan: Sendable, Hashable {
    /// Fields a complete item holds as numbers.
    public var requiredFields: [String]
    /// Which days need an item.
    public var calendar: ScanCalendar
    /// List dates whose lacking fields were recorded unavailable as incomplete again.
    public var retryUnavailable: Bool

    /// A scan for `requiredFields` on `calendar`'s days.
    public init(requiredFields: [String], calendar: ScanCalendar = .nyse, retryUnavailable: Bool = false) {
        self.requiredFields = requiredFields.sorted()
        self.calendar = calendar
        self.retryUnavailable = retryUnavailable
    }

    /// A scan for the required fields of `fieldMap`.
    public init(fieldMap: MacroFieldMap, calendar: ScanCalendar = .nyse, retryUnavailable: Bool = false) {
        self.init(requiredFields: fieldMap.requiredFields, calendar: calendar, retryUnavailable: retryUnavailable)
    }

    /// Classifies `items` over `first...last`. An item listed twice for a date counts once (the last wins).
    public func classify(
        items: [ScannedItem], from first: CivilDate, through last: CivilDate
    ) throws(MacroGapFillError) -> GapScanResult {
        let days = try calendar.days(from: first, through: last)
        var byDate: [CivilDate: ScannedItem] = [:]
        var outOfRange = 0
        var closed: Set<CivilDate> = []
        for item in items {
            guard item.date >= first && item.date <= last else {
                outOfRange += 1
                continue
            }
            if calendar.isOpen(item.date) { byDate[item.date] = item } else { closed.insert(item.date) }
        }
        var gaps: [DateGap] = []
        var unavailable: [CivilDate] = []
        var existing = 0
        for day in days {
            guard let item = byDate[day] else {
                gaps.append(DateGap(date: day, kind: .missing, lackingFields: requiredFields))
                continue
            }
            existing += 1
            let lacking = requiredFields.filter { item.fields[$0] != .number }
            guard !lacking.isEmpty else { continue }
            if !retryUnavailable && lacking.allSatisfy({ item.unavailable[$0] != nil }) {
                unavailable.append(day)
            } else {
                gaps.append(DateGap(date: day, kind: .incomplete, lackingFields: lacking))
            }
        }
        return GapScanResult(
            expectedDays: days.count, existingItems: existing, gaps: gaps, unavailable: unavailable,
            closedDayItems: closed.sorted(), outOfRangeItems: outOfRange)
    }
}
