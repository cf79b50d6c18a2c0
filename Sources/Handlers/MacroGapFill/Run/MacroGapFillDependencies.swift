public import BackfillCore
public import Timekeeping

/// What the handler works with, all behind protocols: built from the environment by
/// ``MacroGapFillFamily/make(_:)``, or from in-memory doubles by tests.
public struct MacroGapFillDependencies: Sendable {
    /// The macro table (or ``InMemoryMacroTable``).
    public var table: any MacroTable
    /// FRED through the key ring (or a double).
    public var source: any MacroSeriesSource
    /// Keys in the ring, for the dry run's time estimate.
    public var keyCount: Int
    /// The tracker.
    public var jobs: any JobStore
    /// The bucket the scan file goes to (`SCAN_OUTPUT_BUCKET`); nil writes no file.
    public var scanOutput: (any ObjectStore)?
    /// The clock (dates, leases, rate limits).
    public var time: any TimeSource
    /// Per-partition CloudWatch EMF lines.
    public var metrics: MetricsEmitter
    /// Progress events of every run (the CLI's renderer); nil in Lambda.
    public var events: RunEventSink?
    /// Items read so far while scanning (the CLI's progress line); nil in Lambda.
    public var scanProgress: (@Sendable (Int) -> Void)?
    /// Replaces the lease heartbeat's wait (tests).
    public var heartbeatTick: (@Sendable () async throws -> Void)?

    /// Dependencies; metrics off and no progress unless given.
    public init(
        table: any MacroTable, source: any MacroSeriesSource, keyCount: Int, jobs: any JobStore,
        scanOutput: (any ObjectStore)? = nil, time: any TimeSource, metrics: MetricsEmitter = .disabled,
        events: RunEventSink? = nil, scanProgress: (@Sendable (Int) -> Void)? = nil,
        heartbeatTick: (@Sendable () async throws -> Void)? = nil
    ) {
        self.table = table
        self.source = source
        self.keyCount = max(1, keyCount)
        self.jobs = jobs
        self.scanOutput = scanOutput
        self.time = time
        self.metrics = metrics
        self.events = events
        self.scanProgress = scanProgress
        self.heartbeatTick = heartbeatTick
    }
}
