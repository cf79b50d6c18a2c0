import FREDConnector
import MacroGapFill
import Testing
import Timekeeping

@Suite("Observation resolver")
struct ObservationResolverTests {
    static func date(_ text: String) -> CivilDate { CivilDate(iso8601: text)! }

    static func series(_ id: String, from start: String?, _ rows: [(String, Double?)]) -> FREDSeries {
        FREDSeries(
            id: id, requestedStart: start.map(date), requestedEnd: nil,
            observations: rows.map { FREDObservation(date: date($0.0), value: $0.1) })
    }

    static let fetched: [String: FREDSeries] = [
        "DFF": series("DFF", from: "2005-12-20", [("2005-12-30", 4.1), ("2006-01-02", 4.2), ("2006-01-03", 4.3)]),
        "DGS2": series("DGS2", from: "2005-12-20", [("2005-12-30", 4.4), ("2006-01-02", nil), ("2006-01-03", 4.3)]),
        "DTWEXBGS": series("DTWEXBGS", from: "2005-12-20", [("2006-01-02", 101.5), ("2006-01-03", 101.1)]),
        "CPIAUCSL": series(
            "CPIAUCSL", from: "2004-06-01",
            [
                ("2004-12-01", 190.3), ("2005-01-01", 190.7), ("2005-11-01", 198.1), ("2005-12-01", 198.1),
                ("2006-01-01", 199.3),
            ]),
        "A191RL1Q225SBEA": series("A191RL1Q225SBEA", from: "2005-01-01", [("2005-07-01", 3.1), ("2005-10-01", 1.2)]),
    ]

    @Test("daily fields take the exact date; \".\" and absent days give their reasons")
    func daily() {
        let resolver = ObservationResolver(fieldMap: .defaults)
        let holiday = resolver.resolve(Self.date("2006-01-02"), series: Self.fetched)
        #expect(holiday.values["interest_rate"] == 4.2)
        #expect(holiday.values["dxy"] == 101.5)
        #expect(holiday.unavailable["treasury_2y"] == .noValue)
        let weekend = resolver.resolve(Self.date("2005-12-31"), series: Self.fetched)
        #expect(weekend.unavailable["interest_rate"] == .noObservation)
        #expect(weekend.unavailable["dxy"] == .beforeSeriesStart)
        // Fields whose series was not fetched are left out.
        #expect(weekend.values["vix"] == nil && weekend.unavailable["vix"] == nil)
    }

    @Test("monthly and quarterly fields take the latest observation on or before the date")
    func asOf() {
        let resolved = ObservationResolver(fieldMap: .defaults).resolve(Self.date("2005-12-30"), series: Self.fetched)
        #expect(resolved.values["cpi"] == 198.1)
        #expect(resolved.values["gdp_growth"] == 1.2)
        let earlier = ObservationResolver(fieldMap: .defaults).resolve(Self.date("2005-09-30"), series: Self.fetched)
        #expect(earlier.values["gdp_growth"] == 3.1)
        #expect(earlier.values["cpi"] == 190.7)
    }

    @Test("cpi_yoy compares the date's CPI with the same month a year earlier")
    func yearOverYear() throws {
        let resolver = ObservationResolver(fieldMap: .defaults)
        let december = resolver.resolve(Self.date("2005-12-15"), series: Self.fetched)
        let yoy = try #require(december.values["cpi_yoy"])
        #expect(abs(yoy - (198.1 / 190.3 - 1) * 100) < 1e-9)
        // The window reached back to June 2004 and found nothing before December 2004, so November 2004 is before
        // the series' start.
        let november = resolver.resolve(Self.date("2005-11-20"), series: Self.fetched)
        #expect(november.unavailable["cpi_yoy"] == .beforeSeriesStart)
        #expect(november.values["cpi"] == 198.1)
    }

    @Test("known series starts decide before_series_start even when the window did not reach back")
    func knownStarts() {
        let narrow = ["DTWEXBGS": Self.series("DTWEXBGS", from: "2006-01-02", [("2006-01-02", 101.5)])]
        let guessing = ObservationResolver(fieldMap: .defaults)
        #expect(guessing.resolve(Self.date("2005-12-30"), series: narrow).unavailable["dxy"] == .noObservation)
        let knowing = ObservationResolver(fieldMap: .defaults, seriesStarts: ["DTWEXBGS": Self.date("2006-01-02")])
        #expect(knowing.resolve(Self.date("2005-12-30"), series: narrow).unavailable["dxy"] == .beforeSeriesStart)
    }

    @Test("windows of one series merge into one series, sorted, one observation per date")
    func merge() throws {
        let merged = ObservationResolver.merge([
            Self.series("DFF", from: "2006-01-02", [("2006-01-02", 4.2), ("2006-01-03", 4.3)]),
            Self.series("DFF", from: "2005-12-20", [("2005-12-30", 4.1), ("2006-01-02", 4.2)]),
            Self.series("DGS2", from: "2005-12-20", [("2005-12-30", 4.4)]),
        ])
        let dff = try #require(merged["DFF"])
        #expect(dff.observations.map(\.date.iso8601) == ["2005-12-30", "2006-01-02", "2006-01-03"])
        #expect(dff.requestedStart == Self.date("2005-12-20"))
        #expect(dff.calls == 2)
        #expect(merged["DGS2"]?.observations.count == 1)
    }
}
