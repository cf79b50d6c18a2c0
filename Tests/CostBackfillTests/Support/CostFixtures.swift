import BackfillCore
import BackfillTesting
import CostBackfill
import CostExplorerFake
import Foundation
import JSON
import LambdaRuntime
import Logging
import Timekeeping

/// Shared builders for the cost-backfill tests.
enum CostFixtures {
    /// 2025-11-21T00:00:00Z: the last complete month is 2025-10; 13 months reach back to 2024-10.
    static let today = Timestamp(millisecondsSince1970: 1_763_683_200_000)

    /// The 13 complete months before `today`, newest first.
    static let thirteenMonths: [String] = (1...13).map {
        CivilDate(year: 2025, month: 11, day: 1).firstOfMonth(adding: -$0).yearMonth
    }

    /// A heartbeat tick that never fires during a test (it is cancelled when the month ends).
    static let neverTick: @Sendable () async throws -> Void = { try await Task.sleep(for: .seconds(86_400)) }

    /// The fake's deterministic month as in-memory source answers.
    static func month(_ period: String, estimated: Bool = false) -> InMemoryCostSource.Month {
        let lines = CostExplorerFakeData.lines(period)
        let usage = lines.map { line in
            CostGroup(
                keys: ["App$\(line.workload)", line.usageType],
                metrics: [
                    "NetAmortizedCost": CostAmount(line.cost, unit: "USD"),
                    "UsageQuantity": CostAmount(line.quantity, unit: line.unit),
                ])
        }
        let centres = CostExplorerFakeData.workloads.map { workload in
            CostGroup(
                keys: ["App$\(workload)", "Team$\(CostExplorerFakeData.centres[workload] ?? "")"],
                metrics: [
                    "NetAmortizedCost": CostAmount(
                        lines.filter { $0.workload == workload }.reduce(0) { $0 + $1.cost }, unit: "USD")
                ])
        }
        return InMemoryCostSource.Month(usage: usage, centres: centres, isEstimated: estimated)
    }

    /// A source with every month from 2022 to 2025 (the current month estimated), `pageSize` groups a page;
    /// `missing` months have no data, `empty` ones answer without groups.
    static func source(
        pageSize: Int = 12, without missing: Set<String> = [], empty: Set<String> = []
    ) -> InMemoryCostSource {
        var months: [String: InMemoryCostSource.Month] = [:]
        for year in 2022...2025 {
            for month in 1...12 {
                let key = CivilDate(year: year, month: month, day: 1).yearMonth
                if !missing.contains(key) { months[key] = Self.month(key, estimated: key == "2025-11") }
                if empty.contains(key) { months[key] = InMemoryCostSource.Month(usage: []) }
            }
        }
        return InMemoryCostSource(months: months, categoryNames: ["Team", "Other"], pageSize: pageSize)
    }

    /// In-memory world: source, bucket, tracker and clock.
    struct World: Sendable {
        var source = CostFixtures.source()
        var objects = InMemoryObjectStore()
        var jobs = InMemoryJobStore()
        var time = ManualTimeSource(now: CostFixtures.today)
        var configuration = CostBackfillConfiguration(dataBucket: "costs", dataPrefix: "cost")

        func handler() -> CostBackfillHandler {
            CostBackfillHandler(
                configuration: configuration,
                dependencies: CostBackfillDependencies(
                    source: source, objects: objects, jobs: jobs, time: time, heartbeatTick: CostFixtures.neverTick,
                    maxSourceRetries: 3))
        }

        /// Runs `event` through the handler as Lambda would (a context with a far deadline).
        func invoke(_ event: String, requestID: String = "req-1") async throws -> JSONValue {
            let bytes = try await handler().handle(Array(event.utf8), context: context(requestID))
            return try JSONParser.parse(bytes)
        }

        func context(_ requestID: String) -> LambdaContext {
            LambdaContext(
                requestID: requestID, deadline: time.now + .seconds(86_400), invokedFunctionARN: "arn:test",
                logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }, time: time)
        }
    }

    /// The fixture events directory (`Tests/Fixtures/events/cost-backfill`).
    static var eventsDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/events/cost-backfill").path
    }

    /// The text of fixture event `name` (without `.json`).
    static func event(_ name: String) throws -> String {
        try String(contentsOfFile: eventsDirectory + "/\(name).json", encoding: .utf8)
    }

    /// The package root (for `scripts/read_parquet.py`).
    static var packageRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path
    }
}

extension JSONValue {
    /// The strings of an array member of `body`.
    func bodyList(_ name: String) -> [String] {
        self["body"]?[name]?.arrayValue?.compactMap(\.stringValue) ?? []
    }
}
