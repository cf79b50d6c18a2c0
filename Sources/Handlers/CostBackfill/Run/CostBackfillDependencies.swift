public import BackfillCore
public import Timekeeping

/// What the handler works with, all behind protocols: built from the environment by the composition root
/// (`HandlerRegistry`), or from in-memory doubles by tests.
public struct CostBackfillDependencies: Sendable {
    /// Cost Explorer (or a double).
    public var source: any CostSource
    /// The data bucket (or a double).
    public var objects: any ObjectStore
    /// The tracker.
    public var jobs: any JobStore
    /// The clock (months, rate limits, leases, backoff).
    public var time: any TimeSource
    /// Per-month CloudWatch EMF lines.
    public var metrics: MetricsEmitter
    /// Progress events of every run (the CLI's renderer); nil in Lambda.
    public var events: RunEventSink?
    /// Where the Cost Explorer rate is shared with every other invocation (the jobs table); nil paces this
    /// process alone.
    public var sharedLimits: (any SharedLimitStore)?
    /// Replaces the lease heartbeat's wait (tests); nil waits a second (or a sixth of a short lease) on `time`.
    public var heartbeatTick: (@Sendable () async throws -> Void)?
    /// Retries of a throttled or failing Cost Explorer call before the month fails.
    public var maxSourceRetries: Int

    /// Dependencies; `metrics` off, the default heartbeat and six retries unless given.
    public init(
        source: any CostSource,
        objects: any ObjectStore,
        jobs: any JobStore,
        time: any TimeSource,
        metrics: MetricsEmitter = .disabled,
        events: RunEventSink? = nil,
        sharedLimits: (any SharedLimitStore)? = nil,
        heartbeatTick: (@Sendable () async throws -> Void)? = nil,
        maxSourceRetries: Int = 6
    ) {
        self.source = source
        self.objects = objects
        self.jobs = jobs
        self.time = time
        self.metrics = metrics
        self.events = events
        self.sharedLimits = sharedLimits
        self.heartbeatTick = heartbeatTick
        self.maxSourceRetries = maxSourceRetries
    }
}
