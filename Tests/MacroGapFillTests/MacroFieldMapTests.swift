import JSON
import MacroGapFill
import Testing

@Suite("Macro field map")
struct MacroFieldMapTests {
    @Test("the defaults hold the issue's seven required and three optional fields")
    func defaults() {
        let map = MacroFieldMap.defaults
        #expect(
            map.requiredFields == [
                "interest_rate", "vix", "dxy", "treasury_2y", "treasury_10y", "yield_curve_spread", "ice_bofa_bbb",
            ])
        #expect(map.optionalFields == ["cpi", "cpi_yoy", "gdp_growth"])
        #expect(map.series(of: "dxy")?.id == "DTWEXBGS")
        #expect(map.series(of: "cpi_yoy")?.id == "CPIAUCSL")
        #expect(map.series(of: "gdp_growth")?.frequency == .quarterly)
        #expect(
            map.seriesToFetch.map(\.id) == [
                "DFF", "VIXCLS", "DTWEXBGS", "DGS2", "DGS10", "T10Y2Y", "BAMLC0A4CBBBEY", "CPIAUCSL", "A191RL1Q225SBEA",
            ])
        #expect(map.yearOverYearSeries == ["CPIAUCSL"])
    }

    @Test("a JSON object overrides series ids, and a computed field follows its base")
    func overrides() throws {
        let map = try MacroFieldMap.defaults.overriding(
            with: ["vix": "VXVCLS", "cpi": ["series": "CPILFESL", "frequency": "monthly"]])
        #expect(map.series(of: "vix")?.id == "VXVCLS")
        #expect(map.series(of: "vix")?.frequency == .daily)
        #expect(map.series(of: "cpi_yoy")?.id == "CPILFESL")
        #expect(map.series(of: "interest_rate")?.id == "DFF")
        #expect(map.requiredFields == MacroFieldMap.defaults.requiredFields)
    }

    @Test(
        "bad overrides are rejected",
        arguments: [
            JSONValue.array([]), ["unknown_field": "DFF"], ["cpi_yoy": "CPIAUCSL"], ["vix": "vix cls"],
            ["vix": 3], ["cpi": ["series": "CPILFESL", "frequency": "weekly"]],
        ] as [JSONValue])
    func badOverrides(json: JSONValue) {
        let error = #expect(throws: MacroGapFillError.self) { try MacroFieldMap.defaults.overriding(with: json) }
        #expect(error?.code == .invalidFieldMap)
    }
}
