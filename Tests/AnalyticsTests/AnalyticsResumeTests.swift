import Analytics
import BackfillCore
import BackfillTesting
import Foundation
import HTTP
import JSON
import Logging
import Testing
import Timekeeping

/// A store whose data file `cut` is served cut in half until `heal()` (a GET dying mid-file, as a killed run).
final class CuttingObjectStore: ObjectStore, @unchecked Sendable {
    let inner: InMemoryObjectStore
    let cut: String
    private let lock = NSLock()
    private var healed = false

    init(_ inner: InMemoryObjectStore, cut: String) {
        self.inner = inner
        self.cut = cut
    }

    func heal() { lock.withLock { healed = true } }

    func list(prefix: String) async throws -> [StoredObject] { try await inner.list(prefix: prefix) }
    func put(_ key: String, body: [UInt8], contentType: String, metadata: [String: String]) async throws {
        try await inner.put(key, body: body, contentType: contentType, metadata: metadata)
    }
    func head(_ key: String) async throws -> Int? { try await inner.head(key) }
    func delete(_ key: String) async throws { try await inner.delete(key) }

    func get(_ key: String) async throws -> ObjectBody {
        let bytes = try await inner.getBytes(key)
        guard key == cut, !lock.withLock({ healed }) else {
            return ObjectBody(size: bytes.count, chunks: .init(chunks: [bytes]))
        }
        let half = Array(bytes.prefix(bytes.count / 2))
        return ObjectBody(size: half.count, chunks: HTTPBodyStream(chunks: [half]))
    }
}

@Suite("analytics-aggregate resumes")
struct AnalyticsResumeTests {
    @Test("a file cut mid-way fails its partition only; the next run redoes it and the table equals a clean run's")
    func resume() async throws {
        let (store, _) = try AnalyticsAggregateHandlerTests.stage(items: 8_000, files: 4, incremental: false)
        let request = AnalyticsRequest(mode: .backfill(start: CivilDate(year: 2025, month: 1, day: 1)))
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

        let clean = RecordingOutputs()
        let cleanStore = InMemoryObjectStore()
        for key in try await store.keys(prefix: "") { cleanStore.seed(key, try await store.getBytes(key)) }
        _ = try await AnalyticsAggregateHandlerTests.handler(
            cleanStore, jobs: InMemoryJobStore(), outputs: clean, partitionBytes: 1
        ).run(request, owner: "clean", deadline: .none, logger: logger)

        let dataKeys = try await store.keys(prefix: "exports/AWSDynamoDB/").filter { $0.hasSuffix(".json.gz") }
        let cutting = CuttingObjectStore(store, cut: try #require(dataKeys.dropFirst(2).first))
        let jobs = InMemoryJobStore()
        let outputs = RecordingOutputs()
        let first = try await Self.handler(cutting, jobs: jobs, outputs: outputs).run(
            request, owner: "first", deadline: .none, logger: logger)
        #expect(first["body"]?["failed"]?.arrayValue?.count == 1, "\(first)")
        #expect(first["body"]?["message"] == "aggregation_failed")
        #expect(outputs.rows.isEmpty)  // nothing written while a partition is missing
        #expect(try await store.keys(prefix: "exports/aggregates/").count == 3)

        cutting.heal()
        let second = try await Self.handler(cutting, jobs: jobs, outputs: outputs).run(
            request, owner: "second", deadline: .none, logger: logger)
        #expect(second["statusCode"] == 200)
        #expect(second["body"]?["items"] == 8_000)
        #expect(outputs.rows == clean.rows)
        #expect(!clean.rows.isEmpty)
    }

    static func handler(_ store: any ObjectStore, jobs: InMemoryJobStore, outputs: RecordingOutputs)
        -> AnalyticsAggregateHandler
    {
        AnalyticsAggregateHandler(
            configuration: AnalyticsAggregateConfiguration(exportBucket: "exports", partitionBytes: 1),
            dependencies: AnalyticsAggregateDependencies(
                objects: store, jobs: jobs, outputs: outputs,
                time: ManualTimeSource(now: AnalyticsAggregateHandlerTests.today.startTimestamp),
                heartbeatTick: { await Task.yield() }))
    }
}
