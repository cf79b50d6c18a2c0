public import BackfillCore
public import JSON
public import LambdaRuntime
public import Logging
import Timekeeping

/// `_HANDLER=tenant-backfill`: a tenant's service history in date chunks into raw Parquet, then the canonical
/// trigger and the sync marker per table. Events: see ``TenantBackfillRequest``. Chunks are partitions of one
/// tracker job per tenant + service (`backfill_{tenant}_{service}_{YYYYMMDD}`); a run short of time answers
/// `{"continue": true, "job_id"}` with its progress saved.
public struct TenantBackfillHandler: JSONLambdaHandler {
    public let configuration: TenantBackfillConfiguration
    let dependencies: TenantBackfillDependencies
    let sources: TenantSourceFactory

    /// A handler; its rate limiters (one per tenant + service) live as long as the process.
    public init(configuration: TenantBackfillConfiguration, dependencies: TenantBackfillDependencies) {
        self.configuration = configuration
        self.dependencies = dependencies
        self.sources = TenantSourceFactory(configuration: configuration, dependencies: dependencies)
    }

    public func handle(event: JSONValue, context: LambdaContext) async throws -> JSONValue {
        let request = try TenantBackfillRequest(event: event)
        return try await run(
            request, owner: context.workerID, deadline: .invocation(context), logger: context.logger)
    }

    /// Runs `request` as worker `owner` (the CLI calls this directly, with its progress renderer as `events`).
    public func run(
        _ request: TenantBackfillRequest, owner: String, deadline: Deadline, logger: Logger,
        events: RunEventSink? = nil
    ) async throws -> JSONValue {
        let run = TenantBackfillRun(
            configuration: configuration, dependencies: dependencies, sources: sources, owner: owner,
            logger: logger, events: events)
        return try await run.execute(request, deadline: deadline)
    }
}
