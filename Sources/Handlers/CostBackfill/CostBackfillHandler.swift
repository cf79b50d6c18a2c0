public import BackfillCore
public import JSON
public import LambdaRuntime
public import Logging
import Timekeeping

/// `_HANDLER=cost-backfill`: Cost Explorer month by month into S3, as the existing tool's users call it.
///
/// - `{"backfill": true, "months": 13, "force": false}`: the last complete months, newest first; months in the
///   bucket are skipped unless `force`; months without data are skipped; a failing month is recorded and the
///   rest continue; `index.json` is rewritten at the end. 200 when nothing failed, 207 otherwise.
/// - An EventBridge scheduled event or `{}`: the month to date (in progress) and the last complete month.
/// - `"dry_run": true`: the plan and the Cost Explorer estimate, without calling Cost Explorer.
///
/// Months are partitions of a tracker job (`backfill status` shows them; a crashed run resumes; concurrent
/// invocations share the job), and every Cost Explorer request of the process shares one rate limit.
public struct CostBackfillHandler: JSONLambdaHandler {
    /// The parsed configuration.
    public let configuration: CostBackfillConfiguration
    let dependencies: CostBackfillDependencies
    let source: PacedCostSource

    /// A handler; the rate limiter is created here, once, and shared by every invocation of the process.
    public init(configuration: CostBackfillConfiguration, dependencies: CostBackfillDependencies) {
        self.configuration = configuration
        self.dependencies = dependencies
        self.source = PacedCostSource(
            source: dependencies.source, maxRequestsPerSecond: configuration.maxRequestsPerSecond,
            time: dependencies.time, maxRetries: dependencies.maxSourceRetries,
            sharedLimits: dependencies.sharedLimits)
    }

    public func handle(event: JSONValue, context: LambdaContext) async throws -> JSONValue {
        let request = try CostBackfillRequest(event: event)
        return try await run(
            request, owner: context.workerID, deadline: .invocation(context), logger: context.logger)
    }

    /// Runs `request` as worker `owner` (the CLI calls this directly, with its progress renderer as `events`).
    public func run(
        _ request: CostBackfillRequest,
        owner: String,
        deadline: Deadline,
        logger: Logger,
        events: RunEventSink? = nil
    ) async throws -> JSONValue {
        let run = CostBackfillRun(
            configuration: configuration, dependencies: dependencies, source: source, request: request,
            owner: owner, logger: logger, events: events)
        return try await run.execute(deadline: deadline)
    }
}
