import BackfillCore
import Formats
import JSON
import LambdaRuntime
import Logging
import Timekeeping

/// The work for one month (one tracker partition): collect it from Cost Explorer, compute the summary, and
/// write `cost-by-workload.parquet`, `cost-by-usage-type.parquet` and, last, `summary.json`. A month in
/// progress gets its `in-progress.json` marker first; a month rewritten complete loses a marker it had.
struct CostMonthWriter: Sendable {
    let collector: CostCollector
    let objects: any ObjectStore
    let layout: CostOutputLayout
    let time: any TimeSource

    /// Writes `period`; `rewrite` is set when existing objects are to be replaced (force, normal mode), and
    /// `hadMarker` when the listing before the run showed an in-progress marker for the month.
    func write(
        _ period: CostPeriod,
        context: PartitionContext,
        rewrite: Bool,
        hadMarker: Bool
    ) async throws -> PartitionOutcome {
        let summaryKey = layout.key(period.key, CostOutputLayout.summaryName)
        if context.attempt > 1, !rewrite, !hadMarker, try await objects.exists(summaryKey) {
            // An earlier attempt wrote every object and died before telling the tracker.
            context.logger.info("month already written by an earlier attempt", metadata: ["period": "\(period.key)"])
            return .skipped(PlanReason.existsAtDestination.rawValue)
        }
        guard let costs = try await collector.collect(period, checkIn: { try await context.checkIn() }) else {
            context.logger.info("no cost data for the month; skipped", metadata: ["period": "\(period.key)"])
            return .skipped("no data")
        }
        let summary = CostSummary(costs)
        let workloads = try await CostParquetFiles.workloads(summary)
        let usageTypes = try await CostParquetFiles.usageTypes(summary)
        let summaryJSON = summary.json(generatedAt: time.now, engineVersion: EngineVersion.current)
        try await context.checkIn()

        let markerKey = layout.key(period.key, CostOutputLayout.inProgressName)
        if period.isInProgress {
            try await objects.put(markerKey, body: Self.marker(period), contentType: "application/json")
        }
        let parquet = RowFormat.parquet.contentType
        try await objects.put(
            layout.key(period.key, CostOutputLayout.workloadName), body: workloads.bytes, contentType: parquet)
        try await objects.put(
            layout.key(period.key, CostOutputLayout.usageTypeName), body: usageTypes.bytes, contentType: parquet)
        try await objects.put(
            summaryKey, body: Array(summaryJSON.serialized(pretty: true).utf8) + [0x0A],
            contentType: "application/json")
        if !period.isInProgress && hadMarker { try await objects.delete(markerKey) }
        context.logger.info(
            "month written",
            metadata: [
                "period": "\(period.key)", "cost": "\(summary.totalCost)", "rows": "\(usageTypes.rows)",
                "requests": "\(costs.requests)", "throttles": "\(costs.throttles)", "estimated": "\(costs.isEstimated)",
            ])
        return PartitionOutcome(records: Int64(usageTypes.rows), throttles: costs.throttles)
    }

    /// The body of `in-progress.json`: which month, and the day its data runs to (exclusive).
    static func marker(_ period: CostPeriod) -> [UInt8] {
        let value: JSONValue = [
            "period": .string(period.key), "start": .string(period.start.iso8601), "end": .string(period.end.iso8601),
        ]
        return value.serializedBytes() + [0x0A]
    }
}
