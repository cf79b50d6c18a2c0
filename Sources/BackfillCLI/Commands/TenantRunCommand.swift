import ArgumentParser
import BackfillCore
import JSON
import LambdaRuntime
import TenantBackfill
import Timekeeping

/// `backfill tenant run --tenant-id T --service S [--start-date D] [--end-date D] [--chunk-size-days N]
/// [--tables a,b] [--dry-run]`: runs the `tenant-backfill` handler in this process with the configuration from
/// the environment (`DATA_BUCKET`, `TENANT_SERVICES_TABLE`, `LAST_UPDATED_TABLE`, `BACKFILL_CONFIG`, …), the
/// progress display on stderr and the result JSON (with per-table counts) on stdout. Exit status 1 when a chunk
/// failed.
struct TenantRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Backfill one tenant's service in date chunks into raw Parquet (the tenant-backfill handler).",
        discussion: """
            Same job and tracker as the Lambda function: a run killed half-way resumes when the same command runs \
            again. Dates accept 2023-01-01 and 2023-01-01T00:00:00Z; the end date is exclusive.
            """)

    @Option(name: .customLong("tenant-id"), help: "The tenant.")
    var tenantID: String

    @Option(help: "The service (connectwise, servicenow, or one served by its ingestion Lambda).")
    var service: String

    @Option(name: .customLong("start-date"), help: "First day (default: end − the service's lookback).")
    var startDate: String?

    @Option(name: .customLong("end-date"), help: "Day after the last (exclusive; default: today).")
    var endDate: String?

    @Option(name: .customLong("chunk-size-days"), help: "Days per chunk (1–365).")
    var chunkSizeDays: Int?

    @Option(help: "Comma-separated tables (default: the service's).")
    var tables: String?

    @Flag(name: .customLong("dry-run"), help: "List the chunks per table with a request estimate; write nothing.")
    var dryRun = false

    @Option(help: "Append CloudWatch embedded-metric lines to this file instead of stderr.")
    var metrics: String?

    /// The event the options describe.
    var event: JSONValue {
        var object: JSONObject = ["tenant_id": .string(tenantID), "service": .string(service)]
        if let startDate { object["start_date"] = .string(startDate) }
        if let endDate { object["end_date"] = .string(endDate) }
        if let chunkSizeDays { object["chunk_size_days"] = .int(Int64(chunkSizeDays)) }
        if let tables {
            object["tables"] = .array(tables.split(separator: ",").map { .string(String($0)) })
        }
        if dryRun { object["dry_run"] = true }
        return .object(object)
    }

    func validate() throws {
        do {
            _ = try TenantBackfillRequest(event: event)
        } catch {
            throw ValidationError(error.message.replacing("_date", with: "-date").replacing("_days", with: "-days"))
        }
    }

    func run() async throws {
        let session = try LocalSession(
            handler: "tenant-backfill", metricsFile: metrics, progress: !dryRun, quietLogs: true)
        let handler: TenantBackfillHandler
        do {
            handler = try await TenantBackfillFamily.make(session.setup)
        } catch let error as TenantBackfillError {
            StandardErrorSink().write(line: "\(error.errorType): \(error.message)")
            throw ExitCode(1)
        }
        let result: JSONValue
        do {
            result = try await handler.run(
                try TenantBackfillRequest(event: event), owner: LocalSession.owner, deadline: .none,
                logger: session.logger, events: session.renderer.map { $0.handle })
        } catch let error as TenantBackfillError {
            session.renderer?.finish()
            StandardErrorSink().write(line: "\(error.errorType): \(error.message)")
            throw ExitCode(1)
        }
        session.renderer?.finish()
        print(result.serialized(pretty: true))
        if result["statusCode"] != 200 { throw ExitCode(1) }
    }
}
