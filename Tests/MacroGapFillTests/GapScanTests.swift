import MacroGapFill
import Testing
import Timekeeping

@Suite("Gap scan classification")
struct GapScanTests {
    static func date(_ text: String) -> CivilDate { CivilDate(iso8601: text)! }
    static let required = MacroFieldMap.defaults.requiredFields
    static var complete: [String: FieldValueKind] {
        Dictionary(uniqueKeysWithValues: required.map { ($0, .number) })
    }

    /// 2024-12-23 … 2025-01-10: trading days except 2024-12-25, 2025-01-01 and 2025-01-09 (Carter).
    static let first = date("2024-12-23")
    static let last = date("2025-01-10")

    static func items() -> [ScannedItem] {
        var lacksVix = complete
        lacksVix["vix"] = nil
        var textDxy = complete
        textDxy["dxy"] = .other
        var lacksTwo = complete
        lacksTwo["dxy"] = nil
        lacksTwo["vix"] = nil
        return [
            ScannedItem(date: date("2024-12-23"), fields: complete),
            ScannedItem(date: date("2024-12-24"), fields: lacksVix),
            ScannedItem(date: date("2024-12-26"), fields: textDxy),
            // Unavailable at the source, recorded by an earlier fill.
            ScannedItem(date: date("2024-12-27"), fields: lacksVix, unavailable: ["vix": "no_value"]),
            // Only one of two lacking fields recorded: still incomplete.
            ScannedItem(date: date("2024-12-30"), fields: lacksTwo, unavailable: ["vix": "no_value"]),
            ScannedItem(date: date("2024-12-31"), fields: complete),
            // A weekend, a holiday and a special closure.
            ScannedItem(date: date("2024-12-28"), fields: complete),
            ScannedItem(date: date("2025-01-01"), fields: lacksVix),
            ScannedItem(date: date("2025-01-09"), fields: complete),
            // Outside the range.
            ScannedItem(date: date("2025-02-03"), fields: complete),
        ]
            + ["2025-01-02", "2025-01-03", "2025-01-06", "2025-01-07"].map {
                ScannedItem(date: date($0), fields: complete)
            }
    }

    @Test("missing, incomplete, unavailable, closed-day and out-of-range items are told apart")
    func classification() throws {
        let result = try GapScan(requiredFields: Self.required).classify(
            items: Self.items(), from: Self.first, through: Self.last)
        #expect(result.expectedDays == 12)
        #expect(result.existingItems == 10)
        #expect(result.missing.map(\.iso8601) == ["2025-01-08", "2025-01-10"])
        #expect(result.incomplete.map(\.iso8601) == ["2024-12-24", "2024-12-26", "2024-12-30"])
        #expect(result.gaps.map(\.date) == (result.missing + result.incomplete).sorted())
        #expect(result.gaps.first { $0.date == Self.date("2024-12-30") }?.lackingFields == ["dxy", "vix"])
        #expect(result.gaps.first { $0.date == Self.date("2024-12-26") }?.lackingFields == ["dxy"])
        #expect(result.gaps.first { $0.kind == .missing }?.lackingFields == Self.required.sorted())
        #expect(result.unavailable.map(\.iso8601) == ["2024-12-27"])
        #expect(result.closedDayItems.map(\.iso8601) == ["2024-12-28", "2025-01-01", "2025-01-09"])
        #expect(result.outOfRangeItems == 1)
    }

    @Test("retryUnavailable lists unavailable dates as incomplete again")
    func retryUnavailable() throws {
        let result = try GapScan(requiredFields: Self.required, retryUnavailable: true).classify(
            items: Self.items(), from: Self.first, through: Self.last)
        #expect(result.unavailable.isEmpty)
        #expect(result.incomplete.contains(Self.date("2024-12-27")))
        #expect(result.incomplete.count == 4)
    }

    @Test("the weekdays calendar counts holidays as expected days, like the old script")
    func weekdays() throws {
        let result = try GapScan(requiredFields: Self.required, calendar: .weekdays).classify(
            items: Self.items(), from: Self.first, through: Self.last)
        #expect(result.expectedDays == 15)
        #expect(result.missing.map(\.iso8601) == ["2024-12-25", "2025-01-08", "2025-01-10"])
        #expect(result.incomplete.contains(Self.date("2025-01-01")))
        #expect(result.closedDayItems.map(\.iso8601) == ["2024-12-28"])
    }

    @Test("the file of a scan lists its gaps with their kinds")
    func file() throws {
        let result = try GapScan(requiredFields: Self.required).classify(
            items: Self.items(), from: Self.first, through: Self.last)
        let text = result.file.render(generated: Timestamp(millisecondsSince1970: 0))
        #expect(text.contains("# Total dates: 5\n"))
        #expect(text.contains("2024-12-24 # incomplete\n2024-12-26 # incomplete\n2024-12-30 # incomplete\n"))
        #expect(text.hasSuffix("2025-01-08 # missing\n2025-01-10 # missing\n"))
    }

    @Test("a reversed range is an error")
    func reversed() {
        #expect(throws: MacroGapFillError.self) {
            try GapScan(requiredFields: Self.required).classify(items: [], from: Self.last, through: Self.first)
        }
    }
}
