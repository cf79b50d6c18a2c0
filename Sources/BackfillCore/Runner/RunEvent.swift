/// What a run reports while it goes, for every handler family alike: the CLI's progress renderer and the
/// CloudWatch metrics (``MetricsEmitter``) consume the same events.
public enum RunEvent: Sendable, Hashable {
    /// The plan is made: `total` partitions in the job, `toRun` of them to be processed by this run.
    case planned(jobID: String, total: Int, toRun: Int)
    /// A partition was claimed and its work starts (attempt 1, 2, …).
    case partitionStarted(jobID: String, partition: String, attempt: Int)
    /// A partition's attempt ended; the report's result is nil when the lease was lost.
    case partitionFinished(jobID: String, report: AttemptReport)
    /// The run returned, for this reason.
    case stopped(jobID: String, stop: RunStop)
}

/// Receives run events; called from the runner's tasks, so it must be thread-safe and quick.
public typealias RunEventSink = @Sendable (RunEvent) -> Void
