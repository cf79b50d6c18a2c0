import BackfillCore
import JSON
import Logging
import Redaction
import SourceConnector
import Synchronization
import Timekeeping

/// One invocation: resolves the job (a start, a resume, or one chunk), runs its chunks through the core runner
/// within the deadline, finalizes the tables that completed, and answers with the core report plus per-table
/// counts.
struct TenantBackfillRun: Sendable {
    let configuration: TenantBackfillConfiguration
    let dependencies: TenantBackfillDependencies
    let sources: TenantSourceFactory
    let owner: String
    let logger: Logger
    let events: RunEventSink?

    func execute(_ request: TenantBackfillRequest, deadline: Deadline) async throws -> JSONValue {
        switch request {
        case .start(let start):
            let plan = try await plan(start)
            if start.dryRun { return TenantBackfillResult.dryRun(plan, pages: await probe(plan)) }
            return try await runJob(plan, deadline: deadline)
        case .resume(let jobID):
            return try await runJob(try await plan(jobID: jobID), deadline: deadline)
        case .chunk(let jobID, let partition):
            return try await TenantChunkStep(run: self).chunk(jobID: jobID, partition: partition, deadline: deadline)
        case .plan(let start, let jobID):
            return try await TenantPlanStep(run: self).plan(start, jobID: jobID)
        case .pending(let jobID, let pass):
            return try await TenantPlanStep(run: self).pending(jobID: jobID, pass: pass)
        case .finalize(let jobID):
            return try await TenantFinalizeStep(run: self).finalize(jobID: jobID)
        }
    }

    /// Pages per chunk from one probe a chunk, paced like the run: ConnectWise's `{table}/count`, ServiceNow's
    /// `X-Total-Count` on a one-record request; empty for other sources or when a probe fails.
    func probe(_ plan: TenantJobPlan) async -> [String: Int] {
        guard plan.settings.connector == .servicenow || plan.settings.connector == .connectwise else { return [:] }
        var probing = plan
        probing.settings.pageSize = 1
        do {
            let source = PacedPagedSource(
                source: try await sources.pagedSource(probing),
                caller: sources.caller(
                    tenantID: plan.tenantID, service: plan.service, requestsPerMinute: plan.settings.requestsPerMinute))
            var pages: [String: Int] = [:]
            for chunk in plan.chunks {
                let window = SourceWindow(startDate: chunk.start, endDate: chunk.end)
                let total: Int?
                if plan.settings.connector == .connectwise {
                    total = try await source.count(table: chunk.table, window: window)
                } else {
                    total = try await source.page(
                        table: chunk.table, window: window, cursor: source.source.firstCursor
                    ).page.totalCount
                }
                guard let total else { return [:] }
                pages[chunk.partitionKey] = max(1, (total + plan.settings.pageSize - 1) / plan.settings.pageSize)
            }
            return pages
        } catch {
            logger.warning("X-Total-Count probe failed; estimating one request a chunk: \(error)")
            return [:]
        }
    }

    /// The plan of a start event: the tenant's item must exist and be enabled.
    func plan(_ start: TenantBackfillRequest.Start) async throws -> TenantJobPlan {
        guard let item = try await dependencies.tenants.item(tenantID: start.tenantID, service: start.service) else {
            throw TenantBackfillError(
                .invalidEvent,
                "tenant \(start.tenantID) has no service \(start.service) in \(configuration.tenantServicesTable)")
        }
        guard item.enabled else {
            throw TenantBackfillError(.invalidEvent, "service \(start.service) of tenant \(start.tenantID) is disabled")
        }
        return try TenantJobPlan(
            request: start, item: item, settings: configuration.settings, bucket: configuration.dataBucket,
            today: dependencies.time.now.civil.date)
    }

    /// The plan of an existing job.
    func plan(jobID: String) async throws -> TenantJobPlan {
        guard let job = try await dependencies.jobs.job(id: jobID) else {
            throw TenantBackfillError(.invalidEvent, "no job \(jobID) in \(configuration.jobsTable)")
        }
        let service = TenantJobPlan.service(fromDestination: job.destination) ?? ""
        let item = try await job.tenantID.asyncMap {
            try await dependencies.tenants.item(tenantID: $0, service: service)
        }
        return try TenantJobPlan(
            job: job, item: item ?? nil, settings: configuration.settings, bucket: configuration.dataBucket)
    }

    /// Runs the job's chunks within the deadline, then finalizes completed tables.
    func runJob(_ plan: TenantJobPlan, deadline: Deadline) async throws -> JSONValue {
        let fetch = try await sources.fetch(for: plan)
        let writer = TenantChunkWriter(
            settings: plan.settings, objects: dependencies.objects, time: dependencies.time,
            uploads: dependencies.uploads, schemas: dependencies.schemas, spillDirectory: configuration.spillDirectory)
        let counts = Mutex<[String: ChunkResult]>([:])
        let runner = JobRunner(
            store: dependencies.jobs, time: dependencies.time, configuration: runnerConfiguration(), logger: logger,
            metrics: dependencies.metrics, events: events ?? dependencies.events)
        logger.info(
            "tenant backfill starting",
            metadata: ["job_id": "\(plan.jobID)", "chunks": "\(plan.chunks.count)", "tables": "\(plan.tables)"])
        let outcome = try await runner.run(plan.definition, mode: .failed, deadline: deadline) { partition, context in
            guard let chunk = plan.chunk(partition.key) else {
                throw TenantBackfillError(.invalidEvent, "partition \(partition.key) is not a chunk of \(plan.jobID)")
            }
            let result = try await writer.write(
                chunk, fetch: fetch, stopAt: stopAt(plan.settings, remaining: context.remainingTime))
            counts.withLock { $0[chunk.table, default: ChunkResult()].add(result) }
            return Self.outcome(of: result, logger: context.logger)
        }
        let finalized = try await finalize(plan, job: outcome.summary.job)
        TenantMetrics(dependencies.metrics).record(plan, summary: outcome.summary, at: dependencies.time.now)
        return TenantBackfillResult.report(
            outcome.report(message: ""), plan: plan, counts: counts.withLock { $0 }, finalized: finalized)
    }

    /// Runs one partition (a Map state's item) through the runner: claim, write with the lease kept alive by the
    /// heartbeat (a fetch may take up to `max_chunk_seconds`, longer than the lease), record.
    func runChunk(_ plan: TenantJobPlan, partition: String, deadline: Deadline = .none) async throws -> JSONValue {
        guard let chunk = plan.chunk(partition) else {
            throw TenantBackfillError(.invalidEvent, "partition \(partition) is not a chunk of job \(plan.jobID)")
        }
        let time = dependencies.time
        let written = Mutex(ChunkResult())
        let runner = JobRunner(
            store: dependencies.jobs, time: time, configuration: runnerConfiguration(), logger: logger,
            metrics: dependencies.metrics, events: events ?? dependencies.events)
        let attempt = try await runner.runPartition(jobID: plan.jobID, partition: partition, deadline: deadline) {
            _, context in
            let writer = TenantChunkWriter(
                settings: plan.settings, objects: dependencies.objects, time: time, uploads: dependencies.uploads,
                schemas: dependencies.schemas, spillDirectory: configuration.spillDirectory)
            let result = try await writer.write(
                chunk, fetch: try await sources.fetch(for: plan),
                stopAt: stopAt(plan.settings, remaining: context.remainingTime))
            written.withLock { $0 = result }
            return Self.outcome(of: result, logger: context.logger)
        }
        guard let attempt, let recorded = attempt.result else {
            // Settled or held by another worker's live lease; or this worker's lease was taken over meanwhile.
            return [
                "statusCode": 200,
                "body": [
                    "message": "chunk_unavailable", "job_id": .string(plan.jobID), "partition": .string(partition),
                    "reason": attempt == nil ? "not claimable now" : "lease taken over; result not recorded",
                ],
            ]
        }
        let result = written.withLock { $0 }
        var failure: String?
        if case .failed(let error, _) = recorded { failure = error }
        let job = try await dependencies.jobs.job(id: plan.jobID)
        TenantMetrics(dependencies.metrics).record(
            plan, chunkFailed: failure != nil, records: result.written, job: job, at: time.now)
        // No finalization here: chunks of one table finish concurrently in a Map, and each seeing the table
        // complete would trigger its canonical transform again. The machine's Finalize step does it once.
        var report = BackfillReport(message: failure == nil ? "chunk_complete" : "chunk_failed")
        if let failure {
            report.failed = [.init(period: partition, error: failure)]
        } else {
            report.succeeded = [partition]
        }
        report.jobID = plan.jobID
        return TenantBackfillResult.report(report, plan: plan, counts: [chunk.table: result], finalized: [])
    }

    /// What the runner records for a written chunk: split, skipped (nothing fetched) or done, with its details.
    static func outcome(of result: ChunkResult, logger: Logger) -> PartitionOutcome {
        logger.info(
            "chunk written",
            metadata: [
                "fetched": "\(result.fetched)", "written": "\(result.written)", "rejected": "\(result.rejected)",
                "pages": "\(result.pages)", "splits": "\(result.splits)", "timed_out": "\(result.timedOut)",
            ])
        if !result.splitInto.isEmpty {
            return .split(into: result.splitInto, throttles: result.throttles, details: result.partitionDetails)
        }
        if result.fetched == 0 { return .skipped("no records", throttles: result.throttles) }
        return PartitionOutcome(
            records: Int64(result.written), throttles: result.throttles, details: result.partitionDetails)
    }

    /// Time kept after a chunk's fetch for writing its file and recording it.
    static let writeReserve = Duration.seconds(15)

    /// When a chunk's fetch must stop: after `max_chunk_seconds`, or `writeReserve` before the deadline.
    func stopAt(_ settings: TenantBackfillSettings.Service, remaining: Duration?) -> Timestamp {
        var limit = Duration.seconds(settings.maxChunkSeconds)
        if let remaining { limit = min(limit, remaining - Self.writeReserve) }
        return dependencies.time.now + limit
    }

    func finalize(_ plan: TenantJobPlan, job: JobRecord) async throws -> [String] {
        try await TableFinalizer(configuration: configuration, dependencies: dependencies, logger: logger)
            .finalize(plan: plan, job: job)
    }

    func runnerConfiguration() -> RunnerConfiguration {
        let lease = Duration.seconds(configuration.leaseSeconds)
        let lead = lease / 6
        return RunnerConfiguration(
            owner: owner, concurrency: configuration.concurrency, leaseDuration: lease, renewalLead: lead,
            heartbeatInterval: min(.seconds(1), lead), heartbeatTick: dependencies.heartbeatTick,
            initialPartitionEstimate: .seconds(20))
    }
}

extension Optional {
    /// `map` with an async transform.
    func asyncMap<Result>(_ transform: (Wrapped) async throws -> Result) async rethrows -> Result? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
