import BackfillCore
import BackfillTesting
import CostBackfill
import Testing
import Timekeeping

@Suite("Cost Explorer pacing")
struct PacedCostSourceTests {
    static let period = CostPeriod.month(of: CivilDate(year: 2025, month: 10, day: 1))
    static let query = CostQuery(period: period, metrics: ["NetAmortizedCost"], groupBy: [.tag("App")])

    @Test("requests are spaced evenly at the configured rate")
    func spacing() async throws {
        let time = ManualTimeSource(now: CostFixtures.today)
        let source = CostFixtures.source()
        let paced = PacedCostSource(source: source, maxRequestsPerSecond: 5, time: time)
        for _ in 0..<11 { _ = try await paced.costAndUsage(Self.query, nextPageToken: nil) }
        #expect(time.now - CostFixtures.today == .seconds(2))  // ten gaps of 200 ms
        #expect(time.sleeps.allSatisfy { $0 == .milliseconds(200) })
    }

    @Test("a throttled call pauses the limit, is retried, and reports how often it was throttled")
    func throttled() async throws {
        let time = ManualTimeSource(now: CostFixtures.today)
        let source = CostFixtures.source()
        source.throttleNext(3)
        let paced = PacedCostSource(source: source, maxRequestsPerSecond: 5, time: time)
        let (page, throttles) = try await paced.costAndUsage(Self.query, nextPageToken: nil)
        #expect(throttles == 3)
        #expect(!page.groups.isEmpty)
        #expect(time.sleeps == [.milliseconds(500), .seconds(1), .seconds(2)])
    }

    @Test("after the last retry the throttling error surfaces, saying how many attempts were made")
    func givesUp() async throws {
        let time = ManualTimeSource(now: CostFixtures.today)
        let source = CostFixtures.source()
        source.throttleNext(10)
        let paced = PacedCostSource(source: source, maxRequestsPerSecond: 5, time: time, maxRetries: 2)
        await #expect {
            _ = try await paced.costAndUsage(Self.query, nextPageToken: nil)
        } throws: { error in
            (error as? CostBackfillError)?.code == .throttled
                && (error as? CostBackfillError)?.message.contains("after 3 attempts") == true
        }
        #expect(source.calls.count == 3)
    }

    @Test("errors that retrying will not fix are not retried")
    func finalErrors() async throws {
        let time = ManualTimeSource(now: CostFixtures.today)
        let source = CostFixtures.source()
        source.fail("2025-10", with: CostBackfillError(.source, "AccessDeniedException"))
        let paced = PacedCostSource(source: source, maxRequestsPerSecond: 5, time: time)
        await #expect(throws: CostBackfillError(.source, "AccessDeniedException")) {
            _ = try await paced.costAndUsage(Self.query, nextPageToken: nil)
        }
        #expect(source.calls.count == 1)
    }
}
