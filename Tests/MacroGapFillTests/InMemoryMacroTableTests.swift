import MacroGapFill
import Testing
import Timekeeping

@Suite("In-memory macro table")
struct InMemoryMacroTableTests {
    @Test("writes merge like the DynamoDB table and a rescan sees the filled fields")
    func mergeAndRescan() async throws {
        let day = CivilDate(year: 2024, month: 10, day: 14)
        let table = InMemoryMacroTable(items: [
            day: .init(
                numbers: ["vix": 20], others: ["dxy": "n/a"], unavailable: ["dxy": "no_value", "cpi": "no_value"])
        ])
        let before = try await table.scan(requiredFields: ["vix", "dxy"], progress: nil)
        #expect(before.items.first?.fields == ["vix": .number, "dxy": .other])
        try await table.write(
            MacroItemUpdate(
                date: day, values: ["dxy": 101.2], unavailable: ["gdp_growth": .noObservation],
                filledAt: Timestamp(millisecondsSince1970: 0)))
        let after = try await table.scan(requiredFields: ["vix", "dxy"], progress: nil)
        #expect(after.items.first?.fields == ["vix": .number, "dxy": .number])
        #expect(after.items.first?.unavailable == ["cpi": "no_value", "gdp_growth": "no_observation"])
        #expect(table.items[day]?.source == "FRED")
        #expect(table.counts == (scans: 2, writes: 1))
    }
}
