import BackfillCore
import JSON
import Timekeeping

/// The per-job metrics operators alarm on, as CloudWatch EMF lines in namespace ``namespace`` with dimensions
/// `Tenant`, `Service`, `JobId` (and once more without dimensions, which the alarms in `template.yaml` watch):
/// chunks succeeded and failed by this invocation, records written, the job's consecutive chunk failures and
/// its age.
///
/// Consecutive failures need state across invocations (each Map chunk is its own Lambda): they are read from
/// the job itself, not kept in a counter: the finished chunks ordered by when they last changed, the failed ones
/// at the end counted. No extra write, no race between concurrent chunks, and a chunk retried after a failure
/// counts once (it failed as one chunk).
struct TenantMetrics: Sendable {
    /// The CloudWatch namespace of the tenant backfill's job metrics.
    static let namespace = "Backfill/TenantJobs"
    /// The metric names, as the alarms in `template.yaml` reference them.
    enum Name {
        static let chunksSucceeded = "ChunksSucceeded"
        static let chunksFailed = "ChunksFailed"
        static let consecutiveFailures = "ConsecutiveChunkFailures"
        static let records = "Records"
        static let jobAge = "JobAgeSeconds"
        static let all = [chunksSucceeded, chunksFailed, consecutiveFailures, records, jobAge]
    }

    /// Where lines go: the handler's emitter's sink (metrics off when it has none).
    let sink: (@Sendable (String) -> Void)?

    /// Metrics written where `emitter` writes.
    init(_ emitter: MetricsEmitter) { sink = emitter.sink }

    /// After a run of the runner: its attempts counted, the job as the run last read it.
    func record(_ plan: TenantJobPlan, summary: RunSummary, at now: Timestamp) {
        let results = summary.attempts.compactMap(\.result)
        record(
            plan, job: summary.job, succeeded: results.filter { $0.status != .failed }.count,
            failed: results.filter { $0.status == .failed }.count, records: results.map(\.records).reduce(0, +),
            at: now)
    }

    /// After one chunk (a Map item) that failed or wrote `records`.
    func record(_ plan: TenantJobPlan, chunkFailed: Bool, records: Int, job: JobRecord?, at now: Timestamp) {
        record(
            plan, job: job, succeeded: chunkFailed ? 0 : 1, failed: chunkFailed ? 1 : 0,
            records: chunkFailed ? 0 : Int64(records), at: now)
    }

    /// After `succeeded` and `failed` chunks (skipped ones count as succeeded: nothing to write is no failure)
    /// that wrote `records`; `job` as read afterwards (nil: consecutive failures and age unknown, not emitted).
    func record(
        _ plan: TenantJobPlan, job: JobRecord?, succeeded: Int, failed: Int, records: Int64, at now: Timestamp
    ) {
        guard let sink else { return }
        var emitter = MetricsEmitter(
            namespace: Self.namespace,
            dimensions: [("Tenant", plan.tenantID), ("Service", plan.service), ("JobId", plan.jobID)], sink: sink)
        emitter.aggregated = true
        var metrics: [MetricsEmitter.Metric] = [
            .init(Name.chunksSucceeded, Double(succeeded)), .init(Name.chunksFailed, Double(failed)),
            .init(Name.records, Double(records)),
        ]
        if let job {
            metrics.append(.init(Name.consecutiveFailures, Double(Self.consecutiveFailures(job))))
            if !job.isSettled {
                metrics.append(.init(Name.jobAge, Double((now - job.createdAt).components.seconds), unit: "Seconds"))
            }
        }
        emitter.emit(metrics, at: now, properties: [("job_status", .string(job?.status.rawValue ?? "unknown"))])
    }

    /// `JobAgeSeconds` of a running job as the initiator sees it (its slot's start), for a job whose chunks may
    /// have stopped running.
    func recordAge(tenantID: String, service: String, jobID: String, startedAt: Timestamp, at now: Timestamp) {
        guard let sink else { return }
        var emitter = MetricsEmitter(
            namespace: Self.namespace, dimensions: [("Tenant", tenantID), ("Service", service), ("JobId", jobID)],
            sink: sink)
        emitter.aggregated = true
        emitter.emit([.init(Name.jobAge, Double((now - startedAt).components.seconds), unit: "Seconds")], at: now)
    }

    /// The failed chunks after the job's last finished chunk that did not fail, by the time they last changed.
    static func consecutiveFailures(_ job: JobRecord) -> Int {
        let finished = job.partitions.filter { [.succeeded, .failed, .skipped].contains($0.status) }
        let ordered = finished.sorted {
            ($0.updatedAt ?? .init(millisecondsSince1970: 0)) < ($1.updatedAt ?? .init(millisecondsSince1970: 0))
        }
        return ordered.reversed().prefix { $0.status == .failed }.count
    }
}
