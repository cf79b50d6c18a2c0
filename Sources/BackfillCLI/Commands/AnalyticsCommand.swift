import AWS
import Analytics
import ArgumentParser
import BackfillCore
import JSON
import LambdaRuntime
import Synchronization
import Timekeeping

/// `backfill analytics --start YYYY-MM-DD [--table T] [--dry-run]`: the AnalyticsBackfill state machine's
/// sequence in this process — start a full export (`analytics-export`), poll it with a progress line, aggregate
/// it (`analytics-aggregate`, with the progress display) — configured from the environment (`TABLE_NAME`,
/// `EXPORT_BUCKET`, `EXPORT_PREFIX`, `ANALYTICS_TABLE`, `METRICS_NAMESPACE`, `JOBS_TABLE`, the usual `AWS_*`).
/// The result JSON goes to stdout, the per-day table and progress to stderr.
struct AnalyticsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analytics",
        abstract: "Export the main table and aggregate per-day analytics from a start date, locally.")

    @Option(help: "The first day to aggregate (YYYY-MM-DD); the backfill runs to yesterday.")
    var start: String

    @Option(help: "The main table (default: TABLE_NAME).")
    var table: String?

    @Flag(name: .customLong("dry-run"), help: "Print the export's cost estimate, days and files; start nothing.")
    var dryRun = false

    @Option(name: .customLong("poll-seconds"), help: "Seconds between export status checks.")
    var pollSeconds = 10

    func run() async throws {
        let session = try LocalSession(
            handler: "analytics-aggregate", metricsFile: nil, progress: true, quietLogs: true)
        var setup = session.setup
        if let table { setup.variables["TABLE_NAME"] = table }
        let errors = StandardErrorSink()
        let request: AnalyticsRequest
        let exporter: AnalyticsExportHandler
        let aggregator: AnalyticsAggregateHandler
        do {
            let event: JSONValue = ["mode": "backfill", "backfillStartDate": .string(start)]
            request = try AnalyticsRequest(event: event, today: setup.time.now.civil.date)
            exporter = try AnalyticsFamily.makeExport(setup)
            aggregator = try AnalyticsFamily.makeAggregate(setup)
        } catch let error as AnalyticsHandlerError {
            errors.write(line: "\(error.errorType): \(error.message)")
            throw ExitCode(1)
        }
        if dryRun {
            print(try await estimate(request, setup: setup).serialized(pretty: true))
            return
        }
        let started = try await exporter.start(request, logger: session.logger)
        guard let arn = started["exportArn"]?.stringValue else { throw ExitCode(1) }
        errors.write(line: "export started: \(arn)")
        let began = setup.time.now
        while true {
            let status = try await exporter.status(arn)["status"]?.stringValue ?? ""
            let elapsed = (setup.time.now - began).components.seconds
            errors.write(line: "export \(status.isEmpty ? "UNKNOWN" : status) after \(elapsed) s")
            if status == "COMPLETED" { break }
            if status == "FAILED" { throw ExitCode(1) }
            try await setup.time.sleep(for: .seconds(pollSeconds))
        }
        var aggregate = request
        aggregate.exportArn = arn
        let written = LockedRows()
        let result = try await aggregator.run(
            aggregate, owner: LocalSession.owner, deadline: .none, logger: session.logger,
            events: session.renderer.map { $0.handle }, rows: written.set)
        session.renderer?.finish()
        if result["statusCode"] == 200 { printTable(written.rows) }
        print(result.serialized(pretty: true))
        if result["statusCode"] != 200 { throw ExitCode(1) }
    }

    /// DescribeTable's size at $0.10 a GB, and the days the backfill covers.
    func estimate(_ request: AnalyticsRequest, setup: HandlerSetup) async throws -> JSONValue {
        let aws = try setup.aws()
        let name = setup.variables["TABLE_NAME"] ?? ""
        let description = try await aws.dynamoDB.describeTable(name)
        let bytes = description.raw["TableSizeBytes"]?.intValue ?? 0
        let gigabytes = Double(bytes) / 1_073_741_824
        let days = request.days(today: setup.time.now.civil.date)
        let dayCount = days.map { $0.upperBound.daysSince1970 - $0.lowerBound.daysSince1970 + 1 } ?? 0
        return [
            "message": "dry_run", "table": .string(name), "table_size_bytes": .int(bytes),
            "items": .int(Int64(description.itemCount ?? 0)),
            "export_cost_usd": .double((gigabytes * 0.10 * 10_000).rounded() / 10_000),
            "price_per_gb_usd": 0.10, "days": .int(Int64(dayCount)),
            "files_estimate": .int(max(1, bytes / (100 << 20))),
        ]
    }

    /// The per-day table on stderr: the rows the aggregation wrote to the analytics table, those with activity.
    func printTable(_ rows: [DailyMetrics]) {
        let errors = StandardErrorSink()
        errors.write(line: "date        app              users    games  parties    joins")
        let active = rows.filter {
            $0.activeUsers != 0 || $0.gamesPlayed != 0 || $0.partiesCreated != 0 || $0.partiesJoined != 0
        }
        for row in active.sorted(by: { ($0.date, $0.app) < ($1.date, $1.app) }) {
            let cells = [Int64(row.activeUsers), row.gamesPlayed, row.partiesCreated, row.partiesJoined].map {
                String(repeating: " ", count: max(0, 8 - String($0).count)) + String($0)
            }
            errors.write(line: row.date.iso8601 + "  " + row.app.padding(16) + cells.joined(separator: " "))
        }
    }
}

/// The rows an aggregation reports, kept for the table printed after it.
private final class LockedRows: Sendable {
    private let kept = Mutex<[DailyMetrics]>([])

    var rows: [DailyMetrics] { kept.withLock { $0 } }

    @Sendable func set(_ rows: [DailyMetrics]) { kept.withLock { $0 = rows } }
}

extension String {
    /// The text padded with spaces to `width` characters.
    fileprivate func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
}
