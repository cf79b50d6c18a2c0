public import Timekeeping

/// The deterministic observations the FRED fake serves: the ten series the macro table uses, each with FRED's
/// frequency and first observation, and values computed from the date (the same date always gives the same
/// value, so tests can recompute what they expect).
public enum FREDFakeData {
    /// How often a series is observed.
    public enum Frequency: Sendable, Hashable {
        /// Every calendar day, weekends included (`DFF`).
        case daily
        /// Monday to Friday; `"."` on bond-market holidays (see ``isBondMarketHoliday(_:)``).
        case businessDays
        /// The first day of each month.
        case monthly
        /// The first day of each quarter.
        case quarterly
    }

    /// One series the fake knows.
    public struct Series: Sendable, Hashable {
        public var id: String
        public var frequency: Frequency
        /// The first observation (FRED's `observation_start` of the series).
        public var firstObservation: CivilDate
        /// Added to the date's day number to give each series its own values.
        var salt: Int
    }

    /// The default series: the macro table's seven required and three optional sources.
    public static let series: [String: Series] = {
        let list: [Series] = [
            Series(id: "DFF", frequency: .daily, firstObservation: date("1954-07-01"), salt: 0),
            Series(id: "VIXCLS", frequency: .businessDays, firstObservation: date("1990-01-02"), salt: 11),
            Series(id: "DGS2", frequency: .businessDays, firstObservation: date("1976-06-01"), salt: 23),
            Series(id: "DGS10", frequency: .businessDays, firstObservation: date("1962-01-02"), salt: 37),
            Series(id: "T10Y2Y", frequency: .businessDays, firstObservation: date("1976-06-01"), salt: 41),
            Series(id: "BAMLC0A4CBBBEY", frequency: .businessDays, firstObservation: date("1996-12-31"), salt: 53),
            Series(id: "DTWEXBGS", frequency: .businessDays, firstObservation: date("2006-01-02"), salt: 67),
            Series(id: "CPIAUCSL", frequency: .monthly, firstObservation: date("1947-01-01"), salt: 0),
            Series(id: "A191RL1Q225SBEA", frequency: .quarterly, firstObservation: date("1947-04-01"), salt: 79),
        ]
        return Dictionary(uniqueKeysWithValues: list.map { ($0.id, $0) })
    }()

    /// The dates of `series` observed in `first...last` (clamped to the series' first observation).
    public static func dates(of series: Series, from first: CivilDate, through last: CivilDate) -> [CivilDate] {
        let start = max(first, series.firstObservation)
        guard start <= last else { return [] }
        switch series.frequency {
        case .daily:
            return (start.daysSince1970...last.daysSince1970).map(CivilDate.init(daysSince1970:))
        case .businessDays:
            return (start.daysSince1970...last.daysSince1970).map(CivilDate.init(daysSince1970:))
                .filter { $0.weekday != 0 && $0.weekday != 6 }
        case .monthly, .quarterly:
            let step = series.frequency == .monthly ? 1 : 3
            var month = series.firstObservation
            var result: [CivilDate] = []
            while month <= last {
                if month >= start { result.append(month) }
                month = month.firstOfMonth(adding: step)
            }
            return result
        }
    }

    /// The value of `series` on `date` as FRED writes it: a decimal string, or `"."` on a bond-market holiday of
    /// a business-day series.
    public static func valueText(of series: Series, on date: CivilDate) -> String {
        if series.frequency == .businessDays && isBondMarketHoliday(date) { return "." }
        return format(value(of: series, on: date))
    }

    /// The numeric value of `series` on `date` (what `valueText` prints, before rounding to the printed digits).
    public static func value(of series: Series, on date: CivilDate) -> Double {
        let day = date.daysSince1970
        switch series.frequency {
        case .monthly:
            // An index rising 0.25 a month from 21.48 in January 1947, so year-over-year changes are positive.
            let months = (date.year - 1947) * 12 + (date.month - 1)
            return 21.48 + Double(months) * 0.25
        case .quarterly:
            return Double((day / 7 * 13 + series.salt) % 140 - 40) / 10
        case .daily, .businessDays:
            return Double((day * 37 + series.salt * 101) % 900 + 50) / 100
        }
    }

    /// The value as FRED prints it (up to three decimals, no trailing zeros beyond one).
    public static func format(_ value: Double) -> String {
        let thousandths = Int((value * 1000).rounded())
        let sign = thousandths < 0 ? "-" : ""
        let magnitude = abs(thousandths)
        var fraction = String(magnitude % 1000)
        fraction = String(repeating: "0", count: 3 - fraction.count) + fraction
        while fraction.count > 1 && fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(sign)\(magnitude / 1000).\(fraction)"
    }

    /// The bond-market (SIFMA-style) holidays the fake answers `"."` on for business-day series: New Year's Day,
    /// Independence Day and Christmas (observed), Thanksgiving, and Columbus Day and Veterans Day, which are
    /// stock-market trading days, so trading days without a value occur as they do in FRED's data.
    public static func isBondMarketHoliday(_ date: CivilDate) -> Bool {
        switch (date.month, date.day) {
        case (1, 1), (7, 4), (12, 25), (11, 11): return date.weekday != 0 && date.weekday != 6
        default: break
        }
        // Observed on the Friday before or the Monday after a weekend holiday.
        for (month, day) in [(1, 1), (7, 4), (12, 25), (11, 11)] {
            let holiday = CivilDate(year: date.year, month: month, day: day)
            if holiday.weekday == 6 && date == holiday.adding(days: -1) && month != 1 { return true }
            if holiday.weekday == 0 && date == holiday.adding(days: 1) { return true }
        }
        if date.month == 10 && date.weekday == 1 && (8...14).contains(date.day) { return true }
        if date.month == 11 && date.weekday == 4 && (22...28).contains(date.day) { return true }
        return false
    }

    static func date(_ text: String) -> CivilDate { CivilDate(iso8601: text)! }
}
