import BackfillCore
import JSON
import LambdaRuntime
import Logging
import Redaction
import Timekeeping

/// One invocation: lists the bucket, hands the months to the core runner (which reconciles the tracker with the
/// bucket, plans and runs them as a job, or returns the plan for a dry run), rewrites `index.json`, and extends
/// the core report with the cost tool's fields.
struct CostBackfillRun: Sendable {
    static let handlerName = "cost-backfill"

    let configuration: CostBackfillConfiguration
    let dependencies: CostBackfillDependencies
    let source: PacedCostSource
    let request: CostBackfillRequest
    let owner: String
    let logger: Logger
    let events: RunEventSink?

    var layout: CostOutputLayout { CostOutputLayout(prefix: configuration.dataPrefix) }
    var objects: any ObjectStore { dependencies.objects }
    var time: any TimeSource { dependencies.time }

    func execute(deadline: Deadline) async throws -> JSONValue {
        let today = time.now.civil.date
        let partitions = CostPeriod.partitions(for: request.mode, today: today)
        let keys = partitions.map(\.key)
        let definition = JobDefinition(
            jobID: JobID.derive(
                handler: Self.handlerName, destination: configuration.destination, partitionKeys: keys),
            handler: Self.handlerName, destination: configuration.destination, partitionKeys: keys)
        let presence = layout.presence(in: try await objects.keys(prefix: layout.prefix))
        let mode: ReprocessMode = request.rewritesExisting ? .all : .failed
        // Months the bucket holds complete; a month the tracker saw succeed but the bucket lacks (deleted, or
        // written in progress) is processed again.
        let destination = DestinationState(complete: presence.complete.intersection(keys))
        let runner = JobRunner(
            store: dependencies.jobs, time: time, configuration: runnerConfiguration(), logger: logger,
            metrics: dependencies.metrics, events: events ?? dependencies.events)

        if request.dryRun {
            let plan = try await runner.dryRun(definition, mode: mode, destination: destination, model: costModel)
            return CostBackfillResult.dryRun(plan, request: request, jobID: definition.jobID, model: costModel)
        }
        logger.info(
            "cost backfill starting",
            metadata: [
                "job_id": "\(definition.jobID)", "months": "\(keys.count)",
                "mode": "\(request.mode == .normal ? "normal" : "backfill")", "force": "\(request.force)",
            ])
        let writer = CostMonthWriter(
            collector: CostCollector(
                source: source, workloadTag: configuration.workloadTag,
                costCategoryName: configuration.costCategoryName),
            objects: objects, layout: layout, time: time)
        let rewrite = request.rewritesExisting
        let outcome = try await runner.run(definition, mode: mode, destination: destination, deadline: deadline) {
            partition, context in
            guard let period = CostPeriod(partition: partition, today: today) else {
                throw CostBackfillError(.invalidEvent, "partition \(partition.key) is not a month")
            }
            return try await writer.write(
                period, context: context, rewrite: rewrite, hadMarker: presence.markers.contains(period.key))
        }
        let indexError = await rewriteIndex()
        return CostBackfillResult.report(outcome, request: request, indexError: indexError)
    }

    /// Lists the bucket and writes `index.json`; returns the error text when that failed (the result says so).
    func rewriteIndex() async -> String? {
        do {
            let presence = layout.presence(in: try await objects.keys(prefix: layout.prefix))
            let months: [JSONValue] = presence.periods.map { period in
                .object([
                    "period": .string(period),
                    "summary": .string(layout.key(period, CostOutputLayout.summaryName)),
                    "in_progress": .bool(presence.inProgress.contains(period)),
                ])
            }
            let index: JSONValue = [
                "periods": .array(presence.periods.map(JSONValue.string)),
                "in_progress": .array(presence.inProgress.sorted().map(JSONValue.string)),
                "months": .array(months),
                "engine_version": .string(EngineVersion.current),
            ]
            try await objects.put(
                layout.indexKey, body: Array(index.serialized(pretty: true).utf8) + [0x0A],
                contentType: "application/json")
            return nil
        } catch {
            let text = SecretRedactor.errors.redact("index.json not written: \(error)", limit: 400)
            logger.error("\(text)")
            return text
        }
    }

    /// Leases and concurrency from the configuration; the heartbeat checks every second (a sixth of a short
    /// lease) on the injected clock. A month takes a few seconds (a handful of requests at the shared rate), so
    /// the runner assumes 10 s until it has seen one, instead of its generic 30 s: a short function timeout still
    /// gets work done.
    func runnerConfiguration() -> RunnerConfiguration {
        let lease = configuration.leaseDuration
        let lead = lease / 6
        return RunnerConfiguration(
            owner: owner, concurrency: configuration.concurrency, leaseDuration: lease, renewalLead: lead,
            heartbeatInterval: min(.seconds(1), lead), heartbeatTick: dependencies.heartbeatTick,
            initialPartitionEstimate: .seconds(10))
    }

    /// Requests per month: the usage query and the cost category query (one page each at least), plus the
    /// category lookup when no name is configured. At $0.01 a request.
    var costModel: CostModel {
        let requests = configuration.costCategoryName == nil ? 3.0 : 2.0
        let seconds = requests / Double(configuration.maxRequestsPerSecond) * Double(configuration.concurrency)
        return CostModel(
            durationPerPartition: .milliseconds(Int64(seconds * 1000)), requestsPerPartition: requests,
            dollarsPerRequest: 0.01, concurrency: configuration.concurrency)
    }
}
