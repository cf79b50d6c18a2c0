import BackfillTesting
import Testing
import Timekeeping

@Suite("Civil dates and timestamps")
struct CivilDateTests {
    @Test("days since 1970 round-trip across centuries", arguments: [-800_000, -1, 0, 1, 10_957, 20_413, 60_000])
    func roundTrip(days: Int) {
        #expect(CivilDate(daysSince1970: days).daysSince1970 == days)
    }

    @Test("known dates and weekdays")
    func knownDates() {
        #expect(CivilDate(daysSince1970: 0) == CivilDate(year: 1970, month: 1, day: 1))
        #expect(CivilDate(year: 2000, month: 2, day: 29).daysSince1970 == 11_016)
        #expect(CivilDate(year: 2025, month: 11, day: 21).weekday == 5)  // a Friday
        #expect(CivilDate(year: 2024, month: 7, day: 4).weekday == 4)  // a Thursday
    }

    @Test("strict ISO parsing", arguments: ["2025-02-29", "2025-13-01", "2025-1-01", "20250101", "2025-01-01x", ""])
    func rejects(text: String) {
        #expect(CivilDate(iso8601: text) == nil)
    }

    @Test("month arithmetic")
    func months() {
        let date = CivilDate(year: 2025, month: 1, day: 31)
        #expect(date.firstOfMonth(adding: -1) == CivilDate(year: 2024, month: 12, day: 1))
        #expect(date.firstOfMonth(adding: 13) == CivilDate(year: 2026, month: 2, day: 1))
        #expect(CivilDate(year: 2024, month: 2, day: 3).lastOfMonth.day == 29)
    }

    @Test("timestamps format as RFC 3339 in UTC")
    func formatting() {
        #expect(Timestamp(millisecondsSince1970: 1_440_938_160_125).iso8601 == "2015-08-30T12:36:00.125Z")
        #expect(Timestamp(millisecondsSince1970: -1).iso8601 == "1969-12-31T23:59:59.999Z")
    }

    @Test("the manual clock advances on sleep and records it")
    func manualClock() async throws {
        let clock = ManualTimeSource(now: Timestamp(millisecondsSince1970: 0))
        try await clock.sleep(for: .milliseconds(1500))
        clock.advance(by: .seconds(1))
        #expect(clock.now.millisecondsSince1970 == 2500)
        #expect(clock.sleeps == [.milliseconds(1500)])
    }
}
