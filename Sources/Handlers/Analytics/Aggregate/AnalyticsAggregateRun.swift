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
    let request: AnalyticsRequest
    let owner: String
    let logger: Logger
    let events: RunEventSink?

    var objects: any ObjectStore { dependencies.objects }

    func execute(deadline: Deadline) async throws -> JSONValue {
        let today = dependencies.time.now.civil.date
        let export = try await ExportSelection.find(
            objects: objects, prefix: configuration.exportPrefix, type: request.exportType,
            exportArn: request.exportArn, logger: logger)
        let partitions = ExportPartitions(files: export.files, maximumBytes: configuration.partitionBytes)
        let aggregates = configuration.aggregatesPrefix(exportId: export.exportId)
        let destinationName = "s3://\(configuration.exportBucket)/\(aggregates)"
        let definition = JobDefinition(
            jobID: JobID.derive(
                handler: Self.handlerName, destination: destinationName, partitionKeys: partitions.keys),
            handler: Self.handlerName, destination: destinationName, partitionKeys: partitions.keys)
        let saved = Set(
            partitions.keys.filter {
                export.listedKeys.contains(ExportGroupAggregator.partialKey(prefix: aggregates, partition: $0))
            })
        logger.info(
            "Processing data files...",
            metadata: [
                "exportArn": "\(export.exportArn)", "files": "\(export.files.count)",
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
            report.fields["exportArn"] = .string(export.exportArn)
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
        return try await publisher.finish(
            merged, request: request, today: today, exportArn: export.exportArn)
    }

    /// One partition at a time by default; leases of a minute renewed every ten seconds on the injected clock.
    func runnerConfiguration() -> RunnerConfiguration {
        RunnerConfiguration(
            owner: owner, concurrency: dependencies.concurrency, leaseDuration: .seconds(60),
            renewalLead: .seconds(10), heartbeatInterval: .seconds(1), heartbeatTick: dependencies.heartbeatTick,
            initialPartitionEstimate: .seconds(30))
    }
}
