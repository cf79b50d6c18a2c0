import BackfillCore
import Testing
import Timekeeping

@Suite("NYSE trading calendar")
struct TradingCalendarTests {
    /// Official NYSE full-day closures as published for these years (checked by hand against the exchange's
    /// holiday pages), including special closures.
    static let officialClosures: [Int: [String]] = [
        2001: [
            "2001-01-01", "2001-01-15", "2001-02-19", "2001-04-13", "2001-05-28", "2001-07-04", "2001-09-03",
            "2001-09-11", "2001-09-12", "2001-09-13", "2001-09-14", "2001-11-22", "2001-12-25",
        ],
        2004: [
            "2004-01-01", "2004-01-19", "2004-02-16", "2004-04-09", "2004-05-31", "2004-06-11", "2004-07-05",
            "2004-09-06", "2004-11-25", "2004-12-24",
        ],
        2007: [
            "2007-01-01", "2007-01-02", "2007-01-15", "2007-02-19", "2007-04-06", "2007-05-28", "2007-07-04",
            "2007-09-03", "2007-11-22", "2007-12-25",
        ],
        2011: [
            "2011-01-17", "2011-02-21", "2011-04-22", "2011-05-30", "2011-07-04", "2011-09-05", "2011-11-24",
            "2011-12-26",
        ],
        2012: [
            "2012-01-02", "2012-01-16", "2012-02-20", "2012-04-06", "2012-05-28", "2012-07-04", "2012-09-03",
            "2012-10-29", "2012-10-30", "2012-11-22", "2012-12-25",
        ],
        2018: [
            "2018-01-01", "2018-01-15", "2018-02-19", "2018-03-30", "2018-05-28", "2018-07-04", "2018-09-03",
            "2018-11-22", "2018-12-05", "2018-12-25",
        ],
        2021: [
            "2021-01-01", "2021-01-18", "2021-02-15", "2021-04-02", "2021-05-31", "2021-07-05", "2021-09-06",
            "2021-11-25", "2021-12-24",
        ],
        2022: [
            "2022-01-17", "2022-02-21", "2022-04-15", "2022-05-30", "2022-06-20", "2022-07-04", "2022-09-05",
            "2022-11-24", "2022-12-26",
        ],
        2023: [
            "2023-01-02", "2023-01-16", "2023-02-20", "2023-04-07", "2023-05-29", "2023-06-19", "2023-07-04",
            "2023-09-04", "2023-11-23", "2023-12-25",
        ],
        2024: [
            "2024-01-01", "2024-01-15", "2024-02-19", "2024-03-29", "2024-05-27", "2024-06-19", "2024-07-04",
            "2024-09-02", "2024-11-28", "2024-12-25",
        ],
        2025: [
            "2025-01-01", "2025-01-09", "2025-01-20", "2025-02-17", "2025-04-18", "2025-05-26", "2025-06-19",
            "2025-07-04", "2025-09-01", "2025-11-27", "2025-12-25",
        ],
        2026: [
            "2026-01-01", "2026-01-19", "2026-02-16", "2026-04-03", "2026-05-25", "2026-06-19", "2026-07-03",
            "2026-09-07", "2026-11-26", "2026-12-25",
        ],
    ]

    /// Easter Sunday 2000–2030 from published tables (independent of the computus in the calendar).
    static let easter: [String] = [
        "2000-04-23", "2001-04-15", "2002-03-31", "2003-04-20", "2004-04-11", "2005-03-27", "2006-04-16",
        "2007-04-08", "2008-03-23", "2009-04-12", "2010-04-04", "2011-04-24", "2012-04-08", "2013-03-31",
        "2014-04-20", "2015-04-05", "2016-03-27", "2017-04-16", "2018-04-01", "2019-04-21", "2020-04-12",
        "2021-04-04", "2022-04-17", "2023-04-09", "2024-03-31", "2025-04-20", "2026-04-05", "2027-03-28",
        "2028-04-16", "2029-04-01", "2030-04-21",
    ]

    @Test("official closure lists of known years match", arguments: officialClosures.keys.sorted())
    func knownYears(year: Int) throws {
        let expected = try #require(Self.officialClosures[year])
        let actual = TradingCalendar.nyse.closures(in: year).map(\.date.iso8601)
        #expect(actual == expected)
    }

    @Test("every year 2000–2030 matches a table built independently from the rules", arguments: 2000...2030)
    func independentTable(year: Int) {
        let expected = Self.ruleTable(year: year)
        let actual = Set(TradingCalendar.holidays(in: year).keys)
        #expect(actual == expected, "extra \(actual.subtracting(expected)), missing \(expected.subtracting(actual))")
    }

    @Test("New Year's Day on a Saturday is not observed on the Friday before")
    func newYearSaturday() {
        #expect(TradingCalendar.nyse.isTradingDay(CivilDate(year: 2021, month: 12, day: 31)))
        #expect(TradingCalendar.nyse.isTradingDay(CivilDate(year: 2010, month: 12, day: 31)))
        #expect(TradingCalendar.nyse.isTradingDay(CivilDate(year: 2022, month: 1, day: 3)))
    }

    @Test("Juneteenth is a holiday only from 2022")
    func juneteenth() {
        #expect(TradingCalendar.nyse.isTradingDay(CivilDate(year: 2021, month: 6, day: 18)))
        #expect(!TradingCalendar.nyse.isTradingDay(CivilDate(year: 2022, month: 6, day: 20)))
        #expect(!TradingCalendar.nyse.isTradingDay(CivilDate(year: 2027, month: 6, day: 18)))
    }

    @Test("special closures are configurable")
    func configurableClosures() {
        let carter = CivilDate(year: 2025, month: 1, day: 9)
        #expect(!TradingCalendar.nyse.isTradingDay(carter))
        #expect(TradingCalendar(specialClosures: [:]).isTradingDay(carter))
        let custom = TradingCalendar(specialClosures: [CivilDate(year: 2025, month: 3, day: 3): "drill"])
        #expect(!custom.isTradingDay(CivilDate(year: 2025, month: 3, day: 3)))
    }

    @Test("2025 has 250 trading days")
    func tradingDayCount() {
        let days = TradingCalendar.nyse.tradingDays(
            from: CivilDate(year: 2025, month: 1, day: 1),
            through: CivilDate(year: 2025, month: 12, day: 31)
        )
        #expect(days.count == 250)
        #expect(days.allSatisfy { $0.weekday != 0 && $0.weekday != 6 })
    }

    /// The holiday rules written a second, naive way: walk the days of the year and count weekdays.
    static func ruleTable(year: Int) -> Set<CivilDate> {
        let start = CivilDate(year: year, month: 1, day: 1)
        let days = (0..<(CivilDate.isLeap(year) ? 366 : 365)).map { start.adding(days: $0) }
        func nth(_ n: Int, _ weekday: Int, _ month: Int) -> CivilDate {
            days.filter { $0.month == month && $0.weekday == weekday }[n - 1]
        }
        func last(_ weekday: Int, _ month: Int) -> CivilDate {
            days.filter { $0.month == month && $0.weekday == weekday }.last!
        }
        func shifted(_ month: Int, _ day: Int) -> CivilDate {
            let date = CivilDate(year: year, month: month, day: day)
            return date.weekday == 6 ? date.adding(days: -1) : date.weekday == 0 ? date.adding(days: 1) : date
        }
        var result: Set<CivilDate> = [
            nth(3, 1, 1), nth(3, 1, 2), last(1, 5), shifted(7, 4), nth(1, 1, 9), nth(4, 4, 11), shifted(12, 25),
        ]
        if start.weekday == 0 { result.insert(start.adding(days: 1)) }
        if start.weekday != 0 && start.weekday != 6 { result.insert(start) }
        if year >= 2022 { result.insert(shifted(6, 19)) }
        result.insert(CivilDate(iso8601: easter[year - 2000])!.adding(days: -2))
        return result
    }
}
