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

    /// A runner; call `configuration.validate()` first or let `start`/`resume` do it.
    public init(
        store: any JobStore,
        time: any TimeSource,
        configuration: RunnerConfiguration,
        logger: Logger,
        metrics: MetricsEmitter = .disabled
    ) {
        self.store = store
        self.time = time
        self.configuration = configuration
        self.logger = logger
        self.metrics = metrics
    }

    /// Creates or joins the job of `definition`, applies `mode` (resetting partitions to reprocess, skipping those
    /// already at the destination), then runs it until it is done, stopped, or out of time.
    public func start(
        _ definition: JobDefinition,
        mode: ReprocessMode,
        existingAtDestination: Set<String> = [],
        deadline: Deadline,
        work: @escaping PartitionWork
    ) async throws -> RunSummary {
        try configuration.validate()
        let (created, isNew) = try await store.createJob(definition, now: time.now)
        var job = created
        if job.status == .cancelled { return RunSummary(jobID: job.jobID, stop: .cancelled, job: job, attempts: []) }
        let decisions = Planner(mode: mode, maxAttempts: job.maxAttempts)
            .plan(
                job.partitions.map(\.key), recorded: job.statesByKey, existingAtDestination: existingAtDestination,
                now: time.now)
        let reset = decisions.filter { decision in
            guard decision.action == .run, let state = job.partition(decision.key), state.status != .pending else {
                return false
            }
            return decision.reason == .forced || (decision.reason == .retryFailed && mode != .missing)
        }.map(\.key)
        if !isNew && (!reset.isEmpty || job.status == .paused) {
            job = try await store.reopen(jobID: job.jobID, resetting: reset, now: time.now)
            logger.info("job reopened", metadata: ["job_id": "\(job.jobID)", "reset": "\(reset.count)"])
        }
        let skip = decisions.filter { $0.reason == .existsAtDestination }.map(\.key)
        if !skip.isEmpty {
            _ = try await store.skip(
                jobID: job.jobID, partitions: skip, reason: PlanReason.existsAtDestination.rawValue, now: time.now)
        }
        return try await resume(jobID: job.jobID, deadline: deadline, work: work)
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

    /// The plan `start` would follow for `definition` and `mode`, with an estimate; writes nothing.
    public func dryRun(
        _ definition: JobDefinition,
        mode: ReprocessMode,
        existingAtDestination: Set<String> = [],
        model: CostModel
    ) async throws -> DryRunPlan {
        let recorded = try await store.job(id: definition.jobID)?.statesByKey ?? [:]
        let decisions = Planner(mode: mode, maxAttempts: definition.maxAttempts)
            .plan(
                definition.partitionKeys, recorded: recorded, existingAtDestination: existingAtDestination,
                now: time.now)
        return DryRunPlan(decisions: decisions, model: model)
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
    var statesByKey: [String: PartitionState] {
        Dictionary(partitions.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
