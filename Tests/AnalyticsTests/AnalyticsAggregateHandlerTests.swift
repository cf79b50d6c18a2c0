import Analytics
import BackfillCore
import BackfillTesting
import Foundation
import JSON
import Logging
import Testing
import Timekeeping

/// Records what the aggregator writes.
final class RecordingOutputs: AnalyticsOutputs, @unchecked Sendable {
    private let lock = NSLock()
    private var tableRows: [String: DailyMetrics] = [:]
    private var bodies: [JSONValue] = []

    var rows: [String: DailyMetrics] { lock.withLock { tableRows } }
    var metricBodies: [JSONValue] { lock.withLock { bodies } }

    func writeRows(_ rows: [DailyMetrics], exportArn: String, updatedAt: String) async throws -> Int {
        lock.withLock { for row in rows { tableRows["\(row.date.iso8601)|\(row.app)"] = row } }
        return rows.count
    }

    func putMetricData(_ body: JSONValue) async throws {
        lock.withLock { bodies.append(body) }
    }
}

@Suite("analytics-aggregate on in-memory stores")
struct AnalyticsAggregateHandlerTests {
    static let today = CivilDate(year: 2025, month: 11, day: 20)

    /// Uploads a `gen_export.py` export under `exports/` and returns the store and the Python aggregates.
    static func stage(
        items: Int, files: Int, incremental: Bool
    ) throws -> (InMemoryObjectStore, [String: [String: Int64]]) {
        try ReferenceScripts.withTemporaryDirectory { directory in
            let folder = try ReferenceScripts.generateExport(
                in: directory, items: items, files: files, seed: 7, incremental: incremental)
            let store = InMemoryObjectStore()
            let enumerator = FileManager.default.enumerator(atPath: directory)
            while let relative = enumerator?.nextObject() as? String {
                var isDirectory: ObjCBool = false
                let path = directory + "/" + relative
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue
                else { continue }
                store.seed("exports/" + relative, Array(try Data(contentsOf: URL(fileURLWithPath: path))))
            }
            return (store, try ReferenceScripts.pythonAggregates(folder, scratch: directory))
        }
    }

    static func handler(
        _ store: InMemoryObjectStore, jobs: InMemoryJobStore, outputs: RecordingOutputs, partitionBytes: Int
    ) -> AnalyticsAggregateHandler {
        let time = ManualTimeSource(now: today.startTimestamp + .seconds(9_000))
        return AnalyticsAggregateHandler(
            configuration: AnalyticsAggregateConfiguration(exportBucket: "exports", partitionBytes: partitionBytes),
            dependencies: AnalyticsAggregateDependencies(
                objects: store, jobs: jobs, outputs: outputs, time: time, heartbeatTick: { await Task.yield() }))
    }

    @Test("a backfill equals agg_python.py --out, saves a partial per partition, and skips old days in CloudWatch")
    func backfillMatchesPython() async throws {
        let (store, python) = try Self.stage(items: 20_000, files: 4, incremental: false)
        let outputs = RecordingOutputs()
        let handler = Self.handler(store, jobs: InMemoryJobStore(), outputs: outputs, partitionBytes: 1)
        let request = AnalyticsRequest(mode: .backfill(start: CivilDate(year: 2025, month: 1, day: 1)))
        let result = try await handler.run(request, owner: "test", deadline: .none, logger: Logger(label: "test"))
        #expect(result["statusCode"] == 200)
        let body = try #require(result["body"])
        #expect(body["items"] == 20_000)
        #expect(body["table_items_written"]?.intValue == Int64(outputs.rows.count))
        #expect((body["cloudwatch"]?["skipped_days"]?.intValue ?? 0) > 0)
        let partials = try await store.keys(prefix: "exports/aggregates/")
        #expect(partials.count == 4)
        #expect(!python.isEmpty)
        for (key, metrics) in python {
            let row = try #require(outputs.rows[key], "\(key)")
            #expect(Int64(row.activeUsers) == metrics["ActiveUsers"], "\(key)")
            #expect(row.gamesPlayed == metrics["GamesPlayed"], "\(key)")
            #expect(row.partiesCreated == metrics["PartiesCreated"], "\(key)")
            #expect(row.partiesJoined == metrics["PartiesJoined"], "\(key)")
        }
        let extra = outputs.rows.filter { python[$0.key] == nil }.values
        #expect(extra.allSatisfy { $0.activeUsers == 0 && $0.gamesPlayed == 0 && $0.partiesCreated == 0 })
        #expect(!outputs.metricBodies.isEmpty)
        for body in outputs.metricBodies {
            for datum in body["MetricData"]?.arrayValue ?? [] {
                let seconds = datum["Timestamp"]?.intValue ?? 0
                #expect(Self.today.startTimestamp.secondsSince1970 - seconds <= 14 * 86_400)
            }
        }
    }

    @Test("no export is the tool's error")
    func noExport() async throws {
        let empty = Self.handler(
            InMemoryObjectStore(), jobs: InMemoryJobStore(), outputs: RecordingOutputs(), partitionBytes: 1)
        let error = await #expect(throws: AnalyticsHandlerError.self) {
            _ = try await empty.run(
                AnalyticsRequest(mode: .incremental), owner: "t", deadline: .none, logger: Logger(label: "t"))
        }
        #expect(error?.message == "No export found in S3")
    }
}
