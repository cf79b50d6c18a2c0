public import BackfillCore
public import Timekeeping

/// What the handler works with, all behind protocols: built from the environment by the composition root
/// (`HandlerRegistry`), or from in-memory doubles by tests.
public struct CostBackfillDependencies: Sendable {
    /// Cost Explorer (or a double).
    public var source: any CostSource
    /// The data bucket (or a double).
    public var objects: any CostObjectStore
    /// The tracker.
    public var jobs: any JobStore
    /// The clock (months, rate limits, leases, backoff).
    public var time: any TimeSource
    /// Per-month CloudWatch EMF lines.
    public var metrics: MetricsEmitter
    /// The lease heartbeat's wait between checks; nil waits a real second (or a sixth of a short lease).
    public var heartbeatTick: (@Sendable () async throws -> Void)?
    /// Retries of a throttled or failing Cost Explorer call before the month fails.
    public var maxSourceRetries: Int

    /// Dependencies; `metrics` off, the default heartbeat and six retries unless given.
    public init(
        source: any CostSource,
        objects: any CostObjectStore,
        jobs: any JobStore,
        time: any TimeSource,
        metrics: MetricsEmitter = .disabled,
        heartbeatTick: (@Sendable () async throws -> Void)? = nil,
        maxSourceRetries: Int = 6
    ) {
        self.source = source
        self.objects = objects
        self.jobs = jobs
        self.time = time
        self.metrics = metrics
        self.heartbeatTick = heartbeatTick
        self.maxSourceRetries = maxSourceRetries
    }
}

/// What a run reports while it goes, for the CLI's progress bar.
public enum CostBackfillProgress: Sendable, Hashable {
    /// The plan is made: `months` in all, `toRun` of them to be processed.
    case planned(months: Int, toRun: Int)
    /// A month's attempt ended (`succeeded`, `skipped` or `failed`).
    case finished(period: String, status: PartitionStatus)
}
