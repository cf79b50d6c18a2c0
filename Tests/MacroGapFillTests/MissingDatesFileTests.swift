import MacroGapFill
import Testing
import Timekeeping

@Suite("missing_dates.txt")
struct MissingDatesFileTests {
    static func date(_ text: String) -> CivilDate { CivilDate(iso8601: text)! }
    /// 2025-11-21 08:05:09 UTC.
    static let generated = Timestamp(millisecondsSince1970: 1_763_712_309_000)

    @Test("renders the script's exact format, both kinds sorted together")
    func render() {
        let file = MissingDatesFile(
            missing: [Self.date("2020-01-06"), Self.date("2020-01-02")], incomplete: [Self.date("2020-01-03")])
        #expect(
            file.render(generated: Self.generated) == """
                # Missing and Incomplete Dates for Backfill
                # Generated: 2025-11-21 08:05:09
                # Total dates: 3
                #
                2020-01-02 # missing
                2020-01-03 # incomplete
                2020-01-06 # missing

                """)
    }

    @Test("an empty list still has the header")
    func empty() {
        let text = MissingDatesFile(entries: []).render(generated: Self.generated)
        #expect(text.hasSuffix("# Total dates: 0\n#\n"))
    }

    @Test("a rendered file parses back to the same entries")
    func roundTrip() throws {
        let missing = (0..<40).map { Self.date("2019-03-01").adding(days: $0 * 2) }
        let incomplete = (0..<25).map { Self.date("2019-03-02").adding(days: $0 * 2) }
        let file = MissingDatesFile(missing: missing, incomplete: incomplete)
        let parsed = try MissingDatesFile.parse(file.render(generated: Self.generated))
        #expect(parsed == file)
        #expect(parsed.entries.count == 65)
    }

    @Test("an edited file: comments, blank lines, CRLF, bare dates and other notes are accepted")
    func editedFile() throws {
        let text =
            "# Missing and Incomplete Dates for Backfill\r\n# Generated: 2025-11-21 08:05:09\r\n\r\n"
            + "2020-01-03 # incomplete\r\n   2020-01-02\t\n# 2020-01-07 # missing  (skipped by hand)\n"
            + "2020-01-06 #  checked by Ana\n2020-01-02 # missing\n"
        let parsed = try MissingDatesFile.parse(text)
        #expect(parsed.dates.map(\.iso8601) == ["2020-01-02", "2020-01-03", "2020-01-06"])
        #expect(parsed.entries.map(\.kind) == [nil, .incomplete, nil])
    }

    @Test(
        "a malformed line is rejected with its 1-based line number",
        arguments: [
            ("2020-01-02 # missing\n2020-13-01 # missing\n", 2),
            ("# header\n\n2020-01-02\n2020/01/03\n", 4),
            ("2020-01-02 missing\n", 1),
            ("# a\n#\n\n\n20200102\n", 5),
        ])
    func malformed(text: String, line: Int) {
        let error = #expect(throws: MacroGapFillError.self) { try MissingDatesFile.parse(text) }
        #expect(error?.code == .malformedDatesFile)
        #expect(error?.context["line"] == String(line))
        #expect(error?.message.hasPrefix("line \(line) ") == true)
    }
}
