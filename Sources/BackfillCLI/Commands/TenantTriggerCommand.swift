import ArgumentParser
import BackfillCore
import JSON
import LambdaRuntime
import TenantBackfill

/// `backfill tenant trigger --tenant-id T --service S [--start-date D] [--end-date D] [--chunk-size-days N]
/// [--tables a,b]` or `backfill tenant trigger --auto-detect`: runs the `tenant-initiator` handler in this
/// process (the existing `trigger-backfill.py` flags), starting `TenantBackfill` executions in AWS within the cap
/// (`TENANT_STATE_MACHINE_ARN`, `MAX_CONCURRENT_BACKFILLS`, the tables of `tenant-backfill`). The result JSON
/// (started, queued, skipped, failed) goes to stdout; exit status 1 when a start failed. With `--local
/// [--workers N]` the plan runs in this process instead (``TenantLocalRun``): progress on stderr, the result of
/// `backfill tenant run` on stdout, exit status 1 when a chunk failed.
struct TenantTriggerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trigger",
        abstract: "Start tenant backfills as TenantBackfill executions (the tenant-initiator handler).")

    @Option(name: .customLong("tenant-id"), help: "The tenant.")
    var tenantID: String?

    @Option(help: "The service (connectwise, servicenow, or one served by its ingestion Lambda).")
    var service: String?

    @Option(name: .customLong("start-date"), help: "First day (default: end − the service's lookback).")
    var startDate: String?

    @Option(name: .customLong("end-date"), help: "Day after the last (exclusive; default: today).")
    var endDate: String?

    @Option(name: .customLong("chunk-size-days"), help: "Days per chunk (1–365).")
    var chunkSizeDays: Int?

    @Option(help: "Comma-separated tables (default: the service's).")
    var tables: String?

    @Flag(name: .customLong("auto-detect"), help: "Start every newly connected tenant service instead.")
    var autoDetect = false

    @Flag(help: "Run the plan in this process with --workers concurrent workers sharing the rate limit.")
    var local = false

    @Option(help: "Concurrent workers of --local (1–32).")
    var workers = 4

    /// The event the options describe.
    var event: JSONValue {
        if autoDetect { return ["auto_detect": true] }
        var object = JSONObject()
        if let tenantID { object["tenant_id"] = .string(tenantID) }
        if let service { object["service"] = .string(service) }
        if let startDate { object["start_date"] = .string(startDate) }
        if let endDate { object["end_date"] = .string(endDate) }
        if let chunkSizeDays { object["chunk_size_days"] = .int(Int64(chunkSizeDays)) }
        if let tables {
            object["tables"] = .array(tables.split(separator: ",").map { .string(String($0)) })
        }
        return .object(object)
    }

    func validate() throws {
        if autoDetect, tenantID != nil || service != nil {
            throw ValidationError("--auto-detect takes no --tenant-id or --service")
        }
        if local, autoDetect {
            throw ValidationError("--local runs one tenant service: give --tenant-id and --service")
        }
        if !(1...32).contains(workers) { throw ValidationError("--workers must be 1–32, got \(workers)") }
        do {
            _ = try TenantInitiatorRequest(event: event)
        } catch {
            throw ValidationError(
                error.message.replacing("_date", with: "-date").replacing("_days", with: "-days").replacing(
                    "tenant_id", with: "--tenant-id"))
        }
    }

    func run() async throws {
        if local { return try await runLocal() }
        let session = try LocalSession(handler: "tenant-initiator", metricsFile: nil, progress: false, quietLogs: true)
        let result: JSONValue
        do {
            let handler = try await TenantInitiatorFamily.make(session.setup)
            result = try await handler.initiator.run(try TenantInitiatorRequest(event: event))
        } catch let error as TenantBackfillError {
            StandardErrorSink().write(line: "\(error.errorType): \(error.message)")
            throw ExitCode(1)
        }
        print(result.serialized(pretty: true))
        if result["failed"]?.arrayValue?.isEmpty == false { throw ExitCode(1) }
    }

    /// `--local`: the plan run by this process's workers.
    func runLocal() async throws {
        let session = try LocalSession(handler: "tenant-backfill", metricsFile: nil, progress: true, quietLogs: true)
        let result: JSONValue
        do {
            result = try await TenantLocalRun(session: session, workers: workers).run(
                try TenantBackfillRequest(event: event))
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
