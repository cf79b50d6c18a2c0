import BackfillCore
import MacroGapFill
import Testing
import Timekeeping

@Suite("Fill plan")
struct FillPlanTests {
    static func date(_ text: String) -> CivilDate { CivilDate(iso8601: text)! }

    /// About 1,300 trading days spread over 2000–2025, picked by a fixed pseudo-random sequence (like the seed
    /// table's gaps: clustered in places, isolated elsewhere).
    static let spreadDates: [CivilDate] = {
        let days = TradingCalendar.nyse.tradingDays(from: date("2000-01-01"), through: date("2025-12-31"))
        var state: UInt64 = 42
        return days.filter { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33 % 1000 < 199
        }
    }()

    @Test("1,300 dates over 2000–2025 cost one call per series: at most 0.05 calls per date")
    func seedLikeCase() {
        let dates = Self.spreadDates
        #expect((1200...1400).contains(dates.count))
        let plan = FillPlan(dates: dates, fieldMap: .defaults)
        #expect(plan.calls == MacroFieldMap.defaults.seriesToFetch.count)
        #expect(plan.callsPerDate <= 0.05)
        #expect(plan.fetches.allSatisfy { $0.dateCount == dates.count })
    }

    @Test("windows reach back for daily, monthly, quarterly and year-over-year series")
    func lookbacks() throws {
        let plan = FillPlan(dates: [Self.date("2010-05-14"), Self.date("2012-03-02")], fieldMap: .defaults)
        let byID = Dictionary(uniqueKeysWithValues: plan.fetches.map { ($0.seriesID, $0) })
        let dff = try #require(byID["DFF"])
        #expect(dff.start == Self.date("2010-05-07") && dff.end == Self.date("2012-03-02"))
        let cpi = try #require(byID["CPIAUCSL"])
        #expect(cpi.start == Self.date("2008-11-01"))
        let gdp = try #require(byID["A191RL1Q225SBEA"])
        #expect(gdp.start == Self.date("2009-05-01"))
        #expect(plan.fetches.allSatisfy { $0.calls == 1 && $0.dateCount == 2 })
        #expect(dff.key == "DFF:2010-05-07..2012-03-02")
    }

    @Test("a smaller answer limit splits windows so that each fits one call and every date is served once")
    func capacitySplits() throws {
        var options = FillPlan.Options()
        options.maxObservationsPerCall = 1000
        let dates = Self.spreadDates
        let plan = FillPlan(dates: dates, fieldMap: .defaults, options: options)
        let daily = plan.fetches.filter { $0.seriesID == "DFF" }
        #expect(daily.count >= 10)
        #expect(daily.allSatisfy { $0.estimatedObservations <= 1000 && $0.calls == 1 })
        #expect(daily.reduce(0) { $0 + $1.dateCount } == dates.count)
        for date in dates {
            let serving = daily.filter { $0.firstDate <= date && date <= $0.lastDate }
            #expect(serving.count == 1)
            #expect(serving.first.map { $0.start <= date.adding(days: -7) && date <= $0.end } == true)
        }
        #expect(plan.fetches.filter { $0.seriesID == "CPIAUCSL" }.count == 1)
    }

    @Test("maxSpanDays bounds the dates each window serves")
    func spanLimit() {
        var options = FillPlan.Options()
        options.maxSpanDays = 400
        let plan = FillPlan(dates: Self.spreadDates, fieldMap: .defaults, options: options)
        #expect(plan.fetches.allSatisfy { $0.lastDate.daysSince1970 - $0.firstDate.daysSince1970 + 1 <= 400 })
        #expect(plan.calls > 9 * 20)
    }

    @Test("duplicates count once; no dates plan no calls")
    func edges() {
        let plan = FillPlan(dates: [Self.date("2020-01-02"), Self.date("2020-01-02")], fieldMap: .defaults)
        #expect(plan.dates.count == 1)
        #expect(FillPlan(dates: [], fieldMap: .defaults).calls == 0)
        #expect(FillPlan(dates: [], fieldMap: .defaults).callsPerDate == 0)
    }

    @Test("the least time under key limits: calls spread over keys at each key's rate")
    func minimumDuration() {
        let plan = FillPlan(dates: Self.spreadDates, fieldMap: .defaults)
        #expect(plan.minimumDuration(keys: 5, requestsPerMinute: 120) == .milliseconds(500))
        #expect(plan.minimumDuration(keys: 1, requestsPerMinute: 120) == .seconds(4))
        #expect(plan.minimumDuration(keys: 9, requestsPerMinute: 120) == .zero)
    }
}
