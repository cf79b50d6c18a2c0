import FREDConnector
import FREDFake
import HTTP
import MacroGapFill
import Testing
import Timekeeping

@Suite("Plan, fetch from the FRED fake over HTTP, resolve")
struct PlanFetchResolveTests {
    static let key = FREDFake.makeKey(7)

    @Test("1,300 dates over 2000–2025 are filled with one call per series, values and reasons as FRED gives them")
    func seedLikeFill() async throws {
        let fake = try FREDFake(options: FREDFake.Options(validKeys: [Self.key]))
        let dates = FillPlanTests.spreadDates
        let plan = FillPlan(dates: dates, fieldMap: .defaults)
        // The fake stops before the client closes its connections (see FREDClientLoopbackTests.withFake).
        let fetched = try await CurlHTTPClient.withClient { http in
            defer { fake.stop() }
            let client = FREDClient(baseURL: fake.baseURL, transport: http)
            var fetched: [FREDSeries] = []
            for fetch in plan.fetches {
                fetched.append(
                    try await client.observations(
                        series: fetch.seriesID, apiKey: Self.key, start: fetch.start, end: fetch.end))
            }
            return fetched
        }
        #expect(fake.requests.count == plan.calls)
        #expect(Double(fake.requests.count) / Double(dates.count) <= 0.05)

        let resolved = ObservationResolver(fieldMap: .defaults).resolve(
            dates, series: ObservationResolver.merge(fetched))
        let vixcls = try #require(FREDFakeData.series["VIXCLS"])
        for day in resolved {
            // Every field has a value or a reason.
            for field in MacroFieldMap.defaults.fields.map(\.name) {
                #expect((day.values[field] == nil) != (day.unavailable[field] == nil), "\(day.date) \(field)")
            }
            if day.date < CivilDate(year: 2006, month: 1, day: 2) {
                #expect(day.unavailable["dxy"] == .beforeSeriesStart)
            }
            if FREDFakeData.isBondMarketHoliday(day.date) {
                #expect(day.unavailable["vix"] == .noValue)
            } else {
                let expected = FREDFakeData.value(of: vixcls, on: day.date)
                #expect(day.values["vix"].map { abs($0 - expected) < 0.0005 } == true)
            }
            #expect(day.values["interest_rate"] != nil)
            #expect(day.values["cpi"] != nil && day.values["cpi_yoy"] != nil && day.values["gdp_growth"] != nil)
        }
        #expect(resolved.contains { $0.unavailable["vix"] == .noValue })
        #expect(resolved.contains { $0.unavailable["dxy"] == .beforeSeriesStart })
        // The fake's CPI rises 0.25 a month: 3 points a year on the date's month's level.
        let last = try #require(resolved.last)
        let cpi = try #require(last.values["cpi"])
        #expect(abs(try #require(last.values["cpi_yoy"]) - (cpi / (cpi - 3) - 1) * 100) < 1e-6)
    }
}
