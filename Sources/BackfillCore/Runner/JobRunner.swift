public import Logging
public import Timekeeping

/// Runs a job's partitions with bounded concurrency inside one process, for every handler family: the handler
/// supplies the work per partition; the runner claims partitions with leases, keeps the leases alive, records
/// results, honours cancel, pauses the job when the circuit breaker opens, and stops claiming in time to return
/// a continuation before the deadline.
public struct JobRunner: Sendable {
    /// Where the job lives.
    public var store: any JobStore
    /// The clock (leases, deadlines, durations).
    public var time: any TimeSource
    /// Concurrency, leases, margins.
    public var configuration: RunnerConfiguration
    /// Progress logs go here, with `job_id` and `partition` metadata.
    public var logger: Logger
    /// Per-partition CloudWatch EMF lines go here.
    public var metrics: MetricsEmitter
    /// Progress events (planned, partition started and finished, stopped) go here too, e.g. to the CLI's
    /// progress renderer.
    public var events: RunEventSink?

    /// A runner; call `configuration.validate()` first or let `run`/`resume` do it.
    public init(
        store: any JobStore,
        time: any TimeSource,
        configuration: RunnerConfiguration,
        logger: Logger,
        metrics: MetricsEmitter = .disabled,
        events: RunEventSink? = nil
    ) {
        self.store = store
        self.time = time
        self.configuration = configuration
        self.logger = logger
        self.metrics = metrics
        self.events = events
    }

    /// The one entry point every handler family uses: creates or joins the job of `definition` (the only read of
    /// the job before the first claim), reconciles it with `destination` (partitions the tracker thinks done but
    /// the destination lacks are processed again), plans once (`mode`; partitions complete at the destination
    /// are skipped unless the mode reprocesses everything), then runs until the job is done, stopped, or out of
    /// time. The outcome carries the plan and the run's summary, from which ``BackfillReport`` is built.
    public func run(
        _ definition: JobDefinition,
        mode: ReprocessMode,
        destination: DestinationState? = nil,
        deadline: Deadline,
        work: @escaping PartitionWork
    ) async throws -> RunOutcome {
        try configuration.validate()
        let (created, isNew) = try await store.createJob(definition, now: time.now)
        var job = created
        let now = time.now
        let lost = isNew ? [] : Self.lostAtDestination(job, destination: destination, mode: mode)
        var planned = job
        planned.reopen(resetting: Set(lost), now: now)
        let decisions = Self.decisions(
            for: definition, recorded: isNew ? [:] : planned.statesByKey, mode: mode, destination: destination,
            now: now)
        let plan = DryRunPlan(decisions: decisions, model: CostModel())
        if job.status == .cancelled {
            return RunOutcome(
                plan: plan, summary: RunSummary(jobID: job.jobID, stop: .cancelled, job: job, attempts: []))
        }
        var reset = decisions.filter { decision in
            guard decision.action == .run, let state = job.partition(decision.key), state.status != .pending else {
                return false
            }
            return decision.reason == .forced || (decision.reason == .retryFailed && mode != .missing)
        }.map(\.key)
        reset += lost.filter { !reset.contains($0) }
        if !lost.isEmpty {
            logger.info(
                "partitions missing at the destination are processed again",
                metadata: ["job_id": "\(job.jobID)", "partitions": "\(lost.count)"])
        }
        if !isNew && (!reset.isEmpty || job.status == .paused) {
            job = try await store.reopen(jobID: job.jobID, resetting: reset, now: now)
            logger.info("job reopened", metadata: ["job_id": "\(job.jobID)", "reset": "\(reset.count)"])
        }
        let skip = decisions.filter { $0.reason == .existsAtDestination }.map(\.key)
        if !skip.isEmpty {
            let changed = try await store.skip(
                jobID: job.jobID, partitions: skip, reason: PlanReason.existsAtDestination.rawValue, now: now)
            job.applySkips(changed, reason: PlanReason.existsAtDestination.rawValue, now: now)
        }
        publish(.planned(jobID: job.jobID, total: job.partitions.count, toRun: plan.runCount))
        let summary: RunSummary
        if let stop = Self.stop(for: job) {
            summary = RunSummary(jobID: job.jobID, stop: stop, job: job, attempts: [])
        } else {
            var loop = RunLoop(runner: self, job: job, deadline: deadline, work: work)
            summary = try await loop.run()
        }
        publish(.stopped(jobID: job.jobID, stop: summary.stop))
        return RunOutcome(plan: plan, summary: summary)
    }

    /// ``run(_:mode:destination:deadline:work:)`` with the partitions `existingAtDestination` complete there,
    /// returning the summary alone.
    public func start(
        _ definition: JobDefinition,
        mode: ReprocessMode,
        existingAtDestination: Set<String> = [],
        deadline: Deadline,
        work: @escaping PartitionWork
    ) async throws -> RunSummary {
        let destination = DestinationState(complete: existingAtDestination, reconcile: false)
        return try await run(definition, mode: mode, destination: destination, deadline: deadline, work: work).summary
    }

    /// Continues an existing job (a Step Functions loop, `resume_job_id`, or a re-run after a crash).
    public func resume(jobID: String, deadline: Deadline, work: @escaping PartitionWork) async throws -> RunSummary {
        try configuration.validate()
        guard let job = try await store.job(id: jobID) else {
            throw BackfillCoreError(.jobNotFound, "no such job", context: ["job": jobID])
        }
        if let stop = Self.stop(for: job) { return RunSummary(jobID: jobID, stop: stop, job: job, attempts: []) }
        var loop = RunLoop(runner: self, job: job, deadline: deadline, work: work)
        return try await loop.run()
    }

    /// Claims the one partition `partition` of an existing job and runs `work` on it as ``run`` runs each of its
    /// partitions: the heartbeat keeps the lease while the work runs, and the result is recorded unless the lease
    /// was lost. For a caller that hands out partitions itself (a Step Functions Map item). Nil when the
    /// partition cannot be claimed now (settled, or held by a live lease).
    public func runPartition(
        jobID: String, partition: String, deadline: Deadline, work: @escaping PartitionWork
    ) async throws -> AttemptReport? {
        try configuration.validate()
        let claim = try await store.claim(
            jobID: jobID, partition: partition, owner: configuration.owner,
            leaseDuration: configuration.leaseDuration, now: time.now)
        guard case .claimed(let state) = claim else { return nil }
        return await PartitionAttempt(runner: self, jobID: jobID, claimed: state, deadline: deadline).run(work)
    }

    /// The plan `run` would follow for `definition`, `mode` and `destination`, with an estimate from `model`;
    /// one read of the job, no write.
    public func dryRun(
        _ definition: JobDefinition,
        mode: ReprocessMode,
        destination: DestinationState? = nil,
        model: CostModel
    ) async throws -> DryRunPlan {
        let now = time.now
        var recorded = try await store.job(id: definition.jobID)
        if var job = recorded {
            job.reopen(resetting: Set(Self.lostAtDestination(job, destination: destination, mode: mode)), now: now)
            recorded = job
        }
        let decisions = Self.decisions(
            for: definition, recorded: recorded?.statesByKey ?? [:], mode: mode, destination: destination, now: now)
        return DryRunPlan(decisions: decisions, model: model)
    }

    /// ``dryRun(_:mode:destination:model:)`` with the partitions `existingAtDestination` complete there.
    public func dryRun(
        _ definition: JobDefinition,
        mode: ReprocessMode,
        existingAtDestination: Set<String>,
        model: CostModel
    ) async throws -> DryRunPlan {
        try await dryRun(
            definition, mode: mode, destination: DestinationState(complete: existingAtDestination, reconcile: false),
            model: model)
    }

    /// The planner's decisions: partitions complete at the destination count as existing unless `mode`
    /// reprocesses everything.
    static func decisions(
        for definition: JobDefinition,
        recorded: [String: PartitionState],
        mode: ReprocessMode,
        destination: DestinationState?,
        now: Timestamp
    ) -> [PlanDecision] {
        let existing = mode == .all ? [] : (destination?.complete ?? []).intersection(definition.partitionKeys)
        return Planner(mode: mode, maxAttempts: definition.maxAttempts)
            .plan(definition.partitionKeys, recorded: recorded, existingAtDestination: existing, now: now)
    }

    /// Partitions the tracker records as done (succeeded, or skipped because they existed) that the destination
    /// no longer has: deleted, or written by a run that died before finishing them.
    static func lostAtDestination(_ job: JobRecord, destination: DestinationState?, mode: ReprocessMode) -> [String] {
        guard let destination, destination.reconcile, mode != .all else { return [] }
        return job.partitions.filter { state in
            let done =
                state.status == .succeeded
                || (state.status == .skipped && state.lastError == PlanReason.existsAtDestination.rawValue)
            return done && !destination.complete.contains(state.key)
        }.map(\.key)
    }

    /// The stop a job's status forces, or nil when it accepts claims or is unfinished.
    static func stop(for job: JobRecord) -> RunStop? {
        switch job.status {
        case .pending, .running: nil
        case .cancelled: .cancelled
        case .paused: .paused(job.statusReason)
        case .completed, .completedWithErrors, .failed: .finished(job.status)
        }
    }
}

extension JobRecord {
    /// Partition states by key.
    package var statesByKey: [String: PartitionState] {
        Dictionary(partitions.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
