public import Timekeeping

/// The NYSE trading calendar: weekdays minus the exchange's full-day holidays (by rule) and special closures
/// (by list). Early closes are trading days.
///
/// Rules (NYSE Rule 7.2): a holiday on a Saturday is observed the Friday before, on a Sunday the Monday after,
/// except New Year's Day on a Saturday, which is not observed (the Friday is a year end). Juneteenth is a holiday
/// from 2022; Martin Luther King Jr. Day from 1998.
public struct TradingCalendar: Sendable, Hashable {
    /// Full-day closures outside the holiday rules, with the reason.
    public var specialClosures: [CivilDate: String]

    /// A calendar with `specialClosures` (by default the exchange's unscheduled closures 2000–2030).
    public init(specialClosures: [CivilDate: String] = TradingCalendar.nyseSpecialClosures) {
        self.specialClosures = specialClosures
    }

    /// The NYSE's unscheduled full-day closures since 2000.
    public static let nyseSpecialClosures: [CivilDate: String] = {
        let list: [(String, String)] = [
            ("2001-09-11", "September 11 attacks"), ("2001-09-12", "September 11 attacks"),
            ("2001-09-13", "September 11 attacks"), ("2001-09-14", "September 11 attacks"),
            ("2004-06-11", "National day of mourning: Ronald Reagan"),
            ("2007-01-02", "National day of mourning: Gerald Ford"),
            ("2012-10-29", "Hurricane Sandy"), ("2012-10-30", "Hurricane Sandy"),
            ("2018-12-05", "National day of mourning: George H. W. Bush"),
            ("2025-01-09", "National day of mourning: Jimmy Carter"),
        ]
        var closures: [CivilDate: String] = [:]
        for (text, reason) in list { closures[CivilDate(iso8601: text)!] = reason }
        return closures
    }()

    /// The NYSE calendar with the default special closures.
    public static let nyse = TradingCalendar()

    /// Whether the exchange is open on `date`.
    public func isTradingDay(_ date: CivilDate) -> Bool {
        let weekday = date.weekday
        guard weekday != 0, weekday != 6, specialClosures[date] == nil else { return false }
        return Self.holidays(in: date.year)[date] == nil
    }

    /// The trading days in `first...last`, oldest first.
    public func tradingDays(from first: CivilDate, through last: CivilDate) -> [CivilDate] {
        guard first <= last else { return [] }
        return (first.daysSince1970...last.daysSince1970).map(CivilDate.init(daysSince1970:)).filter(isTradingDay)
    }

    /// Every full-day closure on a weekday in `year`, holidays and special closures, with names, by date.
    public func closures(in year: Int) -> [(date: CivilDate, name: String)] {
        var all = Self.holidays(in: year)
        for (date, reason) in specialClosures where date.year == year { all[date] = reason }
        return all.map { (date: $0.key, name: $0.value) }.sorted { $0.date < $1.date }
    }

    /// The rule-based holidays observed in `year`, by observed date.
    public static func holidays(in year: Int) -> [CivilDate: String] {
        var result: [CivilDate: String] = [:]
        func add(_ date: CivilDate?, _ name: String) {
            if let date, date.year == year { result[date] = name }
        }
        // New Year's Day: Sunday moves to Monday; Saturday is not observed.
        let newYear = CivilDate(year: year, month: 1, day: 1)
        if newYear.weekday != 6 { add(newYear.weekday == 0 ? newYear.adding(days: 1) : newYear, "New Year's Day") }
        if year >= 1998 { add(nthWeekday(1, 3, month: 1, year: year), "Martin Luther King Jr. Day") }
        add(nthWeekday(1, 3, month: 2, year: year), "Washington's Birthday")
        add(easter(year).adding(days: -2), "Good Friday")
        add(lastWeekday(1, month: 5, year: year), "Memorial Day")
        if year >= 2022 { add(observed(CivilDate(year: year, month: 6, day: 19)), "Juneteenth") }
        add(observed(CivilDate(year: year, month: 7, day: 4)), "Independence Day")
        add(nthWeekday(1, 1, month: 9, year: year), "Labor Day")
        add(nthWeekday(4, 4, month: 11, year: year), "Thanksgiving Day")
        add(observed(CivilDate(year: year, month: 12, day: 25)), "Christmas Day")
        return result
    }

    /// Saturday → Friday, Sunday → Monday.
    static func observed(_ date: CivilDate) -> CivilDate {
        switch date.weekday {
        case 6: date.adding(days: -1)
        case 0: date.adding(days: 1)
        default: date
        }
    }

    /// The `n`th `weekday` (0 = Sunday) of a month.
    static func nthWeekday(_ weekday: Int, _ n: Int, month: Int, year: Int) -> CivilDate {
        let first = CivilDate(year: year, month: month, day: 1)
        let offset = (weekday - first.weekday + 7) % 7
        return first.adding(days: offset + 7 * (n - 1))
    }

    /// The last `weekday` (0 = Sunday) of a month.
    static func lastWeekday(_ weekday: Int, month: Int, year: Int) -> CivilDate {
        let last = CivilDate(year: year, month: month, day: 1).lastOfMonth
        return last.adding(days: -((last.weekday - weekday + 7) % 7))
    }

    /// Gregorian Easter Sunday (the anonymous Gregorian computus).
    static func easter(_ year: Int) -> CivilDate {
        let a = year % 19
        let b = year / 100
        let c = year % 100
        let d = b / 4
        let e = b % 4
        let f = (b + 8) / 25
        let g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4
        let k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return CivilDate(year: year, month: month, day: day)
    }
}
