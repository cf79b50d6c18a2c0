public import BackfillCore
public import JSON
public import LambdaRuntime
public import Logging
import Timekeeping

/// `_HANDLER=macro-gapfill`: finds the trading days the macro table lacks or holds incomplete, and fills them
/// from FRED in a handful of calls (one per series and window, not eight per date).
///
/// Events: `{"mode":"scan"}`, `{"mode":"fill","dates":[…]}`, `{"mode":"fill","start_date","end_date"}`, any of
/// them with `"dry_run": true`, and an EventBridge scheduled event (scan + fill of the last 10 trading days).
/// A fill is a tracker job whose partitions are the plan's fetches, so a killed run resumes where it stopped.
public struct MacroGapFillHandler: JSONLambdaHandler {
    /// The parsed configuration.
    public let configuration: MacroGapFillConfiguration
    let dependencies: MacroGapFillDependencies
    /// How fetches are grouped (windows of at most ten years by default, for resumable steps).
    public let planOptions: FillPlan.Options

    /// A handler over `dependencies`.
    public init(
        configuration: MacroGapFillConfiguration, dependencies: MacroGapFillDependencies,
        planOptions: FillPlan.Options = MacroGapFillHandler.defaultPlanOptions
    ) {
        self.configuration = configuration
        self.dependencies = dependencies
        self.planOptions = planOptions
    }

    /// Windows of at most ten years: 1,300 dates over 2000–2025 cost three calls per series (≈ 0.02 a date),
    /// and a killed run loses at most one window per series in flight.
    public static var defaultPlanOptions: FillPlan.Options {
        var options = FillPlan.Options()
        options.maxSpanDays = 3_653
        return options
    }

    public func handle(event: JSONValue, context: LambdaContext) async throws -> JSONValue {
        let request = try MacroGapFillRequest(event: event)
        return try await run(
            request, owner: context.workerID, deadline: .invocation(context), logger: context.logger)
    }

    /// Runs `request` as worker `owner` (the CLI calls this directly, with its progress renderer as `events`).
    public func run(
        _ request: MacroGapFillRequest, owner: String, deadline: Deadline, logger: Logger, events: RunEventSink? = nil
    ) async throws -> JSONValue {
        let run = MacroGapFillRun(
            configuration: configuration, dependencies: dependencies, request: request, planOptions: planOptions,
            owner: owner, logger: logger, events: events)
        return try await run.execute(deadline: deadline)
    }

    /// Scans only, returning the figures (the CLI's summary block and `--scan-only`).
    public func scan(_ request: MacroGapFillRequest, logger: Logger) async throws -> MacroScanReport {
        let run = MacroGapFillRun(
            configuration: configuration, dependencies: dependencies, request: request, planOptions: planOptions,
            owner: "scan", logger: logger, events: nil)
        return try await run.scan()
    }
}
