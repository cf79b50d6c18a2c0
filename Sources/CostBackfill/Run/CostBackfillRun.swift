import BackfillCore
import JSON
import LambdaRuntime
import Logging
import Timekeeping

/// One invocation: plans the months against the bucket and the tracker, runs them as a job (or returns the
/// plan for a dry run), rewrites `index.json`, and builds the result.
struct CostBackfillRun: Sendable {
    static let handlerName = "cost-backfill"

    let configuration: CostBackfillConfiguration
    let dependencies: CostBackfillDependencies
    let source: PacedCostSource
    let request: CostBackfillRequest
    let owner: String
    let logger: Logger
    let progress: (@Sendable (CostBackfillProgress) -> Void)?

    var layout: CostOutputLayout { CostOutputLayout(prefix: configuration.dataPrefix) }
    var jobs: any JobStore { dependencies.jobs }
    var objects: any CostObjectStore { dependencies.objects }
    var time: any TimeSource { dependencies.time }

    func execute(deadline: Deadline) async throws -> JSONValue {
        let today = time.now.civil.date
        let periods = CostPeriod.periods(for: request.mode, today: today)
        let keys = periods.map(\.key)
        let definition = JobDefinition(
            jobID: JobID.derive(
                handler: Self.handlerName, destination: configuration.destination, partitionKeys: keys),
            handler: Self.handlerName, destination: configuration.destination, partitionKeys: keys)
        // The job first, then the bucket: a month the tracker saw succeed was written before this listing.
        let recorded = try await jobs.job(id: definition.jobID)
        let presence = layout.presence(in: try await objects.list(prefix: layout.prefix))
        let mode: ReprocessMode = request.rewritesExisting ? .all : .failed
        let existing = request.rewritesExisting ? [] : presence.complete.intersection(keys)
        let runner = JobRunner(
            store: jobs, time: time, configuration: runnerConfiguration(), logger: logger,
            metrics: dependencies.metrics)

        if request.dryRun {
            let plan = try await runner.dryRun(
                definition, mode: mode, existingAtDestination: existing, model: costModel)
            return CostBackfillResult.dryRun(plan, request: request, jobID: definition.jobID, model: costModel)
        }
        if !request.rewritesExisting, let recorded {
            // The tracker says done but the bucket has no complete month (deleted, or written in progress):
            // process it again.
            let lost = recorded.partitions.filter { state in
                let done =
                    state.status == .succeeded
                    || (state.status == .skipped && state.lastError == PlanReason.existsAtDestination.rawValue)
                return done && !presence.complete.contains(state.key)
            }
            if !lost.isEmpty {
                _ = try await jobs.reopen(jobID: definition.jobID, resetting: lost.map(\.key), now: time.now)
                logger.info("months missing from the bucket are reprocessed", metadata: ["months": "\(lost.count)"])
            }
        }
        let plan = try await runner.dryRun(definition, mode: mode, existingAtDestination: existing, model: costModel)
        progress?(.planned(months: keys.count, toRun: plan.runCount))
        logger.info(
            "cost backfill planned",
            metadata: [
                "job_id": "\(definition.jobID)", "months": "\(keys.count)", "to_run": "\(plan.runCount)",
                "mode": "\(request.mode == .normal ? "normal" : "backfill")", "force": "\(request.force)",
            ])

        let writer = CostMonthWriter(
            collector: CostCollector(
                source: source, workloadTag: configuration.workloadTag,
                costCategoryName: configuration.costCategoryName),
            objects: objects, layout: layout, time: time)
        let rewrite = request.rewritesExisting
        let progress = self.progress
        let summary = try await runner.start(
            definition, mode: mode, existingAtDestination: existing, deadline: deadline
        ) { partition, context in
            guard let period = CostPeriod.parse(partition.key, today: today) else {
                throw CostBackfillError(.invalidEvent, "partition \(partition.key) is not a month")
            }
            do {
                let outcome = try await writer.write(
                    period, context: context, rewrite: rewrite, hadMarker: presence.markers.contains(period.key))
                progress?(.finished(period: period.key, status: outcome.skippedReason == nil ? .succeeded : .skipped))
                return outcome
            } catch {
                progress?(.finished(period: period.key, status: .failed))
                throw error
            }
        }
        let indexError = await rewriteIndex()
        return CostBackfillResult.report(
            job: summary.job, plan: plan, stop: summary.stop, request: request, indexError: indexError)
    }

    /// Lists the bucket and writes `index.json`; returns the error text when that failed (the result says so).
    func rewriteIndex() async -> String? {
        do {
            let presence = layout.presence(in: try await objects.list(prefix: layout.prefix))
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
            let text = ErrorRedactor.redact("index.json not written: \(error)", limit: 400)
            logger.error("\(text)")
            return text
        }
    }

    /// Leases and concurrency from the configuration; renewal at a sixth of the lease before expiry. A month
    /// takes a few seconds (a handful of requests at the shared rate), so the runner assumes 10 s until it has
    /// seen one, instead of its generic 30 s: a short function timeout still gets work done.
    func runnerConfiguration() -> RunnerConfiguration {
        let lease = configuration.leaseDuration
        let lead = lease / 6
        let tick = dependencies.heartbeatTick ?? { [lead] in try await Task.sleep(for: min(.seconds(1), lead)) }
        return RunnerConfiguration(
            owner: owner, concurrency: configuration.concurrency, leaseDuration: lease, renewalLead: lead,
            heartbeatTick: tick, initialPartitionEstimate: .seconds(10))
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
