import ArgumentParser
import BackfillCore
import CostBackfill
import JSON
import LambdaRuntime

/// `backfill cost [--months N] [--force] [--dry-run]`: runs the `cost-backfill` handler in this process with the
/// configuration from the environment (`DATA_BUCKET`, `DATA_PREFIX`, `COST_CATEGORY_NAME`, `CE_MAX_RPS`,
/// `JOBS_TABLE`, the usual `AWS_*`), shows the progress display on stderr and prints the result JSON on stdout.
/// Exit status 0 when every month succeeded or was skipped, 1 when a month failed.
struct CostCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cost",
        abstract: "Backfill Cost Explorer month by month into S3, locally (the cost-backfill handler).",
        discussion: """
            Same job, same output and same tracker as the Lambda function: a run killed half-way is resumed by \
            running the same command again, and `backfill status JOB_ID` shows its months. Logs go to stderr \
            (AWS_LAMBDA_LOG_LEVEL, default WARN).
            """)

    @Option(help: "How many complete months to backfill, newest first (1–38).")
    var months = CostBackfillRequest.defaultMonths

    @Flag(help: "Rewrite months already in the bucket.")
    var force = false

    @Flag(name: .customLong("dry-run"), help: "Print the plan and the Cost Explorer estimate; call and write nothing.")
    var dryRun = false

    @Option(help: "Append CloudWatch embedded-metric lines to this file instead of stderr.")
    var metrics: String?

    func validate() throws {
        guard CostBackfillRequest.monthsRange.contains(months) else {
            throw ValidationError("--months must be from 1 to 38, got \(months)")
        }
    }

    func run() async throws {
        let session = try LocalSession(handler: "cost-backfill", metricsFile: metrics, progress: true, quietLogs: true)
        let handler: CostBackfillHandler
        do {
            handler = try CostBackfillFamily.make(session.setup)
        } catch let error as CostBackfillError {
            StandardErrorSink().write(line: "\(error.errorType): \(error.message)")
            throw ExitCode(1)
        }
        let request = CostBackfillRequest(mode: .backfill(months: months), force: force, dryRun: dryRun)
        let result = try await handler.run(
            request, owner: LocalSession.owner, deadline: .none, logger: session.logger,
            events: session.renderer.map { $0.handle })
        session.renderer?.finish()
        print(result.serialized(pretty: true))
        if result["statusCode"] != 200 { throw ExitCode(1) }
    }
}
