import CostBackfill
import JSON
import Testing
import Timekeeping

@Suite("cost-backfill events and months")
struct CostBackfillRequestTests {
    @Test("the backfill event reads months, force and dry_run")
    func backfillEvent() throws {
        let request = try CostBackfillRequest(event: JSONParser.parse(#"{"backfill":true,"months":7,"force":true}"#))
        #expect(request.mode == .backfill(months: 7))
        #expect(request.force && !request.dryRun)
        let dry = try CostBackfillRequest(event: JSONParser.parse(#"{"backfill":true,"months":13,"dry_run":true}"#))
        #expect(dry.dryRun && !dry.force)
    }

    @Test("months defaults to 13, and 1 and 38 are the bounds")
    func monthBounds() throws {
        #expect(try CostBackfillRequest(event: JSONParser.parse(#"{"backfill":true}"#)).mode == .backfill(months: 13))
        #expect(
            try CostBackfillRequest(event: JSONParser.parse(#"{"backfill":true,"months":1}"#)).mode
                == .backfill(months: 1))
        #expect(
            try CostBackfillRequest(event: JSONParser.parse(#"{"backfill":true,"months":38}"#)).mode
                == .backfill(months: 38))
        #expect(
            try CostBackfillRequest(event: JSONParser.parse(#"{"backfill":true,"months":12.0}"#)).mode
                == .backfill(months: 12))
    }

    @Test("an EventBridge scheduled event, {} and backfill false run the normal mode")
    func normalMode() throws {
        #expect(try CostBackfillRequest(event: JSONParser.parse("{}")).mode == .normal)
        #expect(try CostBackfillRequest(event: JSONParser.parse(#"{"backfill":false,"months":3}"#)).mode == .normal)
        let scheduled = try CostBackfillRequest(event: JSONParser.parse(try CostFixtures.event("scheduled")))
        #expect(scheduled.mode == .normal)
        #expect(scheduled.rewritesExisting)
    }

    @Test(
        "bad input names the field and the allowed values",
        arguments: [
            (#"{"backfill":true,"months":0}"#, "months must be an integer from 1 to 38, got 0"),
            (#"{"backfill":true,"months":39}"#, "months must be an integer from 1 to 38, got 39"),
            (#"{"backfill":true,"months":-3}"#, "months must be an integer from 1 to 38, got -3"),
            (#"{"backfill":true,"months":"13"}"#, #"months must be an integer from 1 to 38, got the string "13""#),
            (#"{"backfill":true,"months":2.5}"#, "months must be an integer from 1 to 38, got 2.5"),
            (#"{"backfill":"yes"}"#, #"backfill must be a boolean (true or false), got the string "yes""#),
            (#"{"backfill":1}"#, "backfill must be a boolean (true or false), got 1"),
            (#"{"backfill":true,"force":"true"}"#, #"force must be a boolean (true or false), got the string "true""#),
            (#"{"dry_run":[]}"#, "dry_run must be a boolean (true or false), got an array"),
            ("[1]", "The event must be a JSON object, got an array"),
        ])
    func badInput(event: String, message: String) throws {
        #expect(throws: CostBackfillError(.invalidEvent, message, context: fieldContext(message))) {
            try CostBackfillRequest(event: JSONParser.parse(event))
        }
        do {
            _ = try CostBackfillRequest(event: JSONParser.parse(event))
        } catch {
            #expect((error as? CostBackfillError)?.errorType == "InvalidEvent")
        }
    }

    func fieldContext(_ message: String) -> [String: String] {
        guard let field = message.split(separator: " ").first, field != "The" else { return [:] }
        return ["field": String(field)]
    }

    @Test("a backfill covers the last complete months, newest first, across a year boundary")
    func backfillMonths() {
        let periods = CostPeriod.periods(for: .backfill(months: 13), today: CivilDate(year: 2025, month: 11, day: 21))
        #expect(periods.map(\.key) == CostFixtures.thirteenMonths)
        #expect(periods.first?.start == CivilDate(year: 2025, month: 10, day: 1))
        #expect(periods.first?.end == CivilDate(year: 2025, month: 11, day: 1))
        #expect(periods.last?.key == "2024-10")
        #expect(periods.allSatisfy { !$0.isInProgress })
        let january = CostPeriod.periods(for: .backfill(months: 2), today: CivilDate(year: 2026, month: 1, day: 1))
        #expect(january.map(\.key) == ["2025-12", "2025-11"])
        #expect(january.first?.end == CivilDate(year: 2026, month: 1, day: 1))
    }

    @Test("the normal mode is the month to date plus the last complete month; on the 1st only the latter")
    func normalMonths() {
        let midMonth = CostPeriod.periods(for: .normal, today: CivilDate(year: 2025, month: 3, day: 2))
        #expect(midMonth.map(\.key) == ["2025-03", "2025-02"])
        #expect(midMonth[0].isInProgress && !midMonth[1].isInProgress)
        #expect(midMonth[0].start == CivilDate(year: 2025, month: 3, day: 1))
        #expect(midMonth[0].end == CivilDate(year: 2025, month: 3, day: 2))
        #expect(midMonth[1].end == CivilDate(year: 2025, month: 3, day: 1))
        let first = CostPeriod.periods(for: .normal, today: CivilDate(year: 2025, month: 3, day: 1))
        #expect(first.map(\.key) == ["2025-02"])
    }
}
