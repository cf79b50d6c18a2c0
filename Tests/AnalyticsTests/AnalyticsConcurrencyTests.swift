import Analytics
import BackfillCore
import BackfillTesting
import JSON
import Logging
import Testing
import Timekeeping

@Suite("analytics-aggregate, two runs at once")
struct AnalyticsConcurrencyTests {
    @Test("two aggregations of one export share its job; the table equals a single run's")
    func twoAtOnce() async throws {
        let (store, _) = try AnalyticsAggregateHandlerTests.stage(items: 8_000, files: 6, incremental: false)
        let request = AnalyticsRequest(mode: .backfill(start: CivilDate(year: 2025, month: 1, day: 1)))
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let single = RecordingOutputs()
        let singleStore = InMemoryObjectStore()
        for key in try await store.keys(prefix: "") { singleStore.seed(key, try await store.getBytes(key)) }
        _ = try await AnalyticsResumeTests.handler(singleStore, jobs: InMemoryJobStore(), outputs: single).run(
            request, owner: "single", deadline: .none, logger: logger)

        let jobs = InMemoryJobStore()
        let outputs = RecordingOutputs()
        async let first = AnalyticsResumeTests.handler(store, jobs: jobs, outputs: outputs).run(
            request, owner: "first", deadline: .none, logger: logger)
        async let second = AnalyticsResumeTests.handler(store, jobs: jobs, outputs: outputs).run(
            request, owner: "second", deadline: .none, logger: logger)
        let results = try await [first, second]
        // gen_export.py writes 8,000 // 6 = 1,333 items a file.
        #expect(results.contains { $0["statusCode"] == 200 && $0["body"]?["items"] == 7_998 }, "\(results)")
        #expect(outputs.rows == single.rows)
        #expect(!single.rows.isEmpty)
        #expect(try await store.keys(prefix: "exports/aggregates/").count == 6)
    }
}
