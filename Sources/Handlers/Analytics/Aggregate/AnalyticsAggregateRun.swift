import BackfillCore
import JSON
import Logging
import Timekeeping

/// One invocation of `analytics-aggregate`: finds the export, runs its data files as tracker partitions (each
/// saving its partial aggregate), merges the partials, writes the analytics table, publishes the days within
/// CloudWatch's window, and answers in the existing tool's shape (or `continue` when time ran short).
struct AnalyticsAggregateRun: Sendable {
    static let handlerName = "analytics-aggregate"

    let configuration: AnalyticsAggregateConfiguration
    let dependencies: AnalyticsAggregateDependencies
    var request: AnalyticsRequest
    let owner: String
    let logger: Logger
    let events: RunEventSink?
    /// Receives the rows written to the analytics table (the CLI's per-day table); nil in Lambda.
    var rows: (@Sendable ([DailyMetrics]) -> Void)? = nil

    var objects: any ObjectStore { dependencies.objects }

    func execute(deadline: Deadline) async throws -> JSONValue {
        let (plan, listed) = try await makePlan()
        return try await aggregate(plan, listedKeys: listed, deadline: deadline)
    }

    /// Finds the export and groups its data files: the plan, and every key listed under the export prefix.
    func makePlan() async throws -> (AnalyticsPlan, Set<String>) {
        let export = try await ExportSelection.find(
            objects: objects, prefix: configuration.exportPrefix, type: request.exportType,
            exportArn: request.exportArn, logger: logger, describer: dependencies.exports,
            bucket: configuration.exportBucket)
        let plan = AnalyticsPlan(
            export: export, request: request, maximumBytes: configuration.partitionBytes,
            bucket: configuration.exportBucket,
            aggregatesPrefix: configuration.aggregatesPrefix(exportId: export.exportId))
        guard export.prefix != configuration.exportPrefix else { return (plan, export.listedKeys) }
        // The export lies under another prefix than the partials: list those too.
        let aggregates = configuration.aggregatesPrefix(exportId: export.exportId)
        return (plan, export.listedKeys.union(try await objects.keys(prefix: aggregates)))
    }

    /// Runs `plan`'s partitions not saved yet (`listedKeys` holds the saved partials), merges every partial, and
    /// publishes; or answers `continue` when time ran short.
    func aggregate(_ plan: AnalyticsPlan, listedKeys: Set<String>, deadline: Deadline) async throws -> JSONValue {
        let today = dependencies.time.now.civil.date
        let partitions = plan.exportPartitions
        let aggregates = configuration.aggregatesPrefix(exportId: plan.exportId)
        let definition = plan.definition(bucket: configuration.exportBucket, aggregatesPrefix: aggregates)
        let saved = Set(
            partitions.keys.filter {
                listedKeys.contains(ExportGroupAggregator.partialKey(prefix: aggregates, partition: $0))
            })
        logger.info(
            "Processing data files...",
            metadata: [
                "exportArn": "\(plan.exportArn)", "files": "\(partitions.groups.reduce(0) { $0 + $1.files.count })",
                "partitions": "\(partitions.groups.count)", "bytes": "\(partitions.totalBytes)",
                "job_id": "\(definition.jobID)",
            ])
        let progress = AggregationProgress(logger: logger, time: dependencies.time)
        let work = ExportGroupAggregator(objects: objects, aggregatesPrefix: aggregates, progress: progress)
        let runner = JobRunner(
            store: dependencies.jobs, time: dependencies.time, configuration: runnerConfiguration(), logger: logger,
            events: events ?? dependencies.events)
        let outcome = try await runner.run(
            definition, mode: .failed, destination: DestinationState(complete: saved), deadline: deadline
        ) { partition, context in
            guard let group = partitions.group(partition.key) else {
                throw AnalyticsHandlerError(.aggregate, "unknown partition \(partition.key)")
            }
            return try await work.run(group, context: context)
        }
        var report = outcome.report(message: "")
        // Another invocation may still hold the last partitions when this one stops; whichever returns last sees
        // every partial saved (a partial is written before its partition completes) and finishes the export.
        let present = Set(try await objects.keys(prefix: aggregates))
        let allSaved = partitions.keys.allSatisfy {
            present.contains(ExportGroupAggregator.partialKey(prefix: aggregates, partition: $0))
        }
        guard allSaved || (report.isComplete && report.failed.isEmpty) else {
            report.message = report.needsContinuation ? "aggregation_incomplete" : "aggregation_failed"
            report.fields["exportArn"] = .string(plan.exportArn)
            return report.json
        }
        var partials: [PartialAggregate] = []
        for key in partitions.keys {
            let bytes = try await objects.getBytes(
                ExportGroupAggregator.partialKey(prefix: aggregates, partition: key))
            partials.append(try PartialAggregate(encoded: bytes))
        }
        let merged = PartialAggregate.merged(partials)
        logger.info(
            "Aggregation complete",
            metadata: [
                "items": "\(merged.counts.items)", "lines": "\(merged.counts.lines)",
                "malformed": "\(merged.counts.malformed)",
            ])
        for sample in merged.samples {
            logger.warning(
                "malformed item",
                metadata: [
                    "reason": "\(sample.reason.rawValue)", "file": "\(sample.file)", "line": "\(sample.line)",
                    "excerpt": "\(sample.excerpt)",
                ])
        }
        let publisher = AnalyticsPublisher(
            outputs: dependencies.outputs, namespace: configuration.metricsNamespace, time: dependencies.time,
            logger: logger)
        let result = try await publisher.finish(
            merged, request: request, today: today, exportArn: plan.exportArn)
        rows?(AnalyticsPublisher.rows(merged, request: request, today: today))
        return result
    }

    /// One partition at a time by default; leases of a minute renewed every ten seconds on the injected clock.
    func runnerConfiguration() -> RunnerConfiguration {
        RunnerConfiguration(
            owner: owner, concurrency: dependencies.concurrency, leaseDuration: .seconds(60),
            renewalLead: .seconds(10), heartbeatInterval: .seconds(1), heartbeatTick: dependencies.heartbeatTick,
            initialPartitionEstimate: .seconds(30))
    }
}
