public import BackfillCore
public import JSON
public import LambdaRuntime
public import Logging
import Timekeeping

/// `_HANDLER=analytics-aggregate`: per-day, per-app metrics from a DynamoDB export into the analytics table and
/// CloudWatch, as the existing tool's users call it (`{"mode":"incremental"}`, a scheduled event,
/// `{"mode":"backfill","backfillStartDate":"YYYY-MM-DD"}`, optionally with `"exportArn"`).
///
/// The export's data files are partitions of a tracker job: a run out of time answers `"continue": true` with
/// its `job_id`, and the next invocation resumes from the files whose partial aggregate is not saved yet.
public struct AnalyticsAggregateHandler: JSONLambdaHandler {
    /// The parsed configuration.
    public let configuration: AnalyticsAggregateConfiguration
    let dependencies: AnalyticsAggregateDependencies

    /// A handler.
    public init(configuration: AnalyticsAggregateConfiguration, dependencies: AnalyticsAggregateDependencies) {
        self.configuration = configuration
        self.dependencies = dependencies
    }

    public func handle(event: JSONValue, context: LambdaContext) async throws -> JSONValue {
        let request = try AnalyticsRequest(event: event, today: dependencies.time.now.civil.date)
        guard !request.isStatus else {
            throw AnalyticsHandlerError(
                .invalidEvent, "The status action is answered by analytics-export", context: ["field": "action"])
        }
        guard let fanOut = request.fanOut else {
            return try await run(
                request, owner: context.workerID, deadline: .invocation(context), logger: context.logger)
        }
        let run = AnalyticsAggregateRun(
            configuration: configuration, dependencies: dependencies, request: request, owner: context.workerID,
            logger: context.logger, events: nil)
        switch fanOut {
        case .plan: return try await run.plan()
        case .aggregatePartition(let jobID, let partition):
            return try await run.aggregatePartition(jobID: jobID, key: partition)
        case .merge(let jobID): return try await run.merge(jobID: jobID, deadline: .invocation(context))
        }
    }

    /// Runs `request` as worker `owner` (the CLI calls this directly, with its progress renderer as `events`);
    /// `rows` receives the (date, app) rows written to the analytics table when the aggregation finishes.
    public func run(
        _ request: AnalyticsRequest, owner: String, deadline: Deadline, logger: Logger, events: RunEventSink? = nil,
        rows: (@Sendable ([DailyMetrics]) -> Void)? = nil
    ) async throws -> JSONValue {
        var run = AnalyticsAggregateRun(
            configuration: configuration, dependencies: dependencies, request: request, owner: owner,
            logger: logger, events: events)
        run.rows = rows
        return try await run.execute(deadline: deadline)
    }
}
