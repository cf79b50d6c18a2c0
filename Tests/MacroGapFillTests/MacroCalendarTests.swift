import BackfillCore
import MacroGapFill
import Testing
import Timekeeping

/// What Tests/BackfillCoreTests/TradingCalendarTests.swift does not cover: the ends of the 2000–2030 range,
/// published yearly trading-day counts, the days around each special closure, and that the macro scan's
/// calendar never lists a closure as a gap while `weekdays` does.
@Suite("Macro scan calendar 2000–2030")
struct MacroCalendarTests {
    static func date(_ text: String) -> CivilDate { CivilDate(iso8601: text)! }

    /// NYSE closures of 2000 (New Year's Day fell on a Saturday and was not observed) and 2008 as published, and
    /// 2030 by the exchange's rules (not yet published).
    static let closures: [Int: [String]] = [
        2000: [
            "2000-01-17", "2000-02-21", "2000-04-21", "2000-05-29", "2000-07-04", "2000-09-04", "2000-11-23",
            "2000-12-25",
        ],
        2008: [
            "2008-01-01", "2008-01-21", "2008-02-18", "2008-03-21", "2008-05-26", "2008-07-04", "2008-09-01",
            "2008-11-27", "2008-12-25",
        ],
        2030: [
            "2030-01-01", "2030-01-21", "2030-02-18", "2030-04-19", "2030-05-27", "2030-06-19", "2030-07-04",
            "2030-09-02", "2030-11-28", "2030-12-25",
        ],
    ]

    /// Published NYSE trading days per year.
    static let tradingDayCounts: [Int: Int] = [2000: 252, 2001: 248, 2012: 250, 2018: 251, 2024: 252]

    @Test("closures at the ends of the range match", arguments: [2000, 2008, 2030])
    func rangeEnds(year: Int) throws {
        let expected = try #require(Self.closures[year])
        #expect(TradingCalendar.nyse.closures(in: year).map(\.date.iso8601) == expected)
    }

    @Test("yearly trading-day counts match the published ones", arguments: [2000, 2001, 2012, 2018, 2024])
    func yearlyCounts(year: Int) throws {
        let days = try ScanCalendar.nyse.days(
            from: CivilDate(year: year, month: 1, day: 1), through: CivilDate(year: year, month: 12, day: 31))
        #expect(days.count == Self.tradingDayCounts[year])
    }

    @Test(
        "each special closure is closed and the trading days around it are open",
        arguments: [
            ("2001-09-11", "2001-09-10", "2001-09-17"), ("2001-09-14", "2001-09-10", "2001-09-17"),
            ("2004-06-11", "2004-06-10", "2004-06-14"), ("2007-01-02", "2006-12-29", "2007-01-03"),
            ("2012-10-29", "2012-10-26", "2012-10-31"), ("2012-10-30", "2012-10-26", "2012-10-31"),
            ("2018-12-05", "2018-12-04", "2018-12-06"), ("2025-01-09", "2025-01-08", "2025-01-10"),
        ])
    func specialClosures(closed: String, before: String, after: String) throws {
        let days = try ScanCalendar.nyse.days(from: Self.date(before), through: Self.date(after))
        #expect(!days.contains(Self.date(closed)))
        #expect(days.first == Self.date(before))
        #expect(days.last == Self.date(after))
    }

    @Test("Good Friday is closed every year 2000–2030 while the Thursday before is open")
    func goodFridays() {
        // Easter Sundays from published tables.
        let easter = [
            "2000-04-23", "2005-03-27", "2008-03-23", "2011-04-24", "2016-03-27", "2019-04-21", "2024-03-31",
            "2025-04-20", "2030-04-21",
        ]
        for text in easter {
            let friday = Self.date(text).adding(days: -2)
            #expect(!ScanCalendar.nyse.isOpen(friday), "\(friday)")
            #expect(ScanCalendar.nyse.isOpen(friday.adding(days: -1)), "\(friday.adding(days: -1))")
            #expect(ScanCalendar.weekdays.isOpen(friday))
        }
    }

    @Test("an empty table over 2000–2030 lists no closure as missing; the weekdays calendar lists them all")
    func scanNeverListsClosures() throws {
        let first = Self.date("2000-01-01")
        let last = Self.date("2030-12-31")
        let trading = try GapScan(requiredFields: ["vix"], calendar: .nyse).classify(
            items: [], from: first, through: last)
        let weekdays = try GapScan(requiredFields: ["vix"], calendar: .weekdays).classify(
            items: [], from: first, through: last)
        let listed = Set(trading.missing)
        var closures: [CivilDate] = []
        for year in 2000...2030 { closures += TradingCalendar.nyse.closures(in: year).map(\.date) }
        #expect(closures.count > 280)
        #expect(closures.allSatisfy { !listed.contains($0) })
        #expect(Set(weekdays.missing).isSuperset(of: closures))
        #expect(weekdays.missing.count - trading.missing.count == closures.count)
    }
}
