public import BackfillCore
public import Timekeeping

/// What `analytics-aggregate` works with, behind protocols: built from the environment by `AnalyticsFamily`,
/// or from doubles by tests.
public struct AnalyticsAggregateDependencies: Sendable {
    /// The export bucket.
    public var objects: any ObjectStore
    /// The tracker.
    public var jobs: any JobStore
    /// The analytics table and CloudWatch.
    public var outputs: any AnalyticsOutputs
    /// The clock (days, the 14-day window, leases, progress).
    public var time: any TimeSource
    /// Progress events of every run (the CLI's renderer); nil in Lambda.
    public var events: RunEventSink?
    /// Replaces the lease heartbeat's wait (tests); nil waits on `time`.
    public var heartbeatTick: (@Sendable () async throws -> Void)?
    /// Partitions aggregated at once.
    public var concurrency: Int
    /// Locates a given export by DescribeExport; nil locates it from its ARN under `EXPORT_PREFIX`.
    public var exports: (any ExportDescribing)?

    /// Dependencies; one partition at a time unless given.
    public init(
        objects: any ObjectStore, jobs: any JobStore, outputs: any AnalyticsOutputs, time: any TimeSource,
        events: RunEventSink? = nil, heartbeatTick: (@Sendable () async throws -> Void)? = nil, concurrency: Int = 1,
        exports: (any ExportDescribing)? = nil
    ) {
        self.exports = exports
        self.objects = objects
        self.jobs = jobs
        self.outputs = outputs
        self.time = time
        self.events = events
        self.heartbeatTick = heartbeatTick
        self.concurrency = concurrency
    }
}
