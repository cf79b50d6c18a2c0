import AWS
import ArgumentParser
import BackfillCore
import HTTP
import JSON
import LambdaRuntime
import TenantBackfill
import Timekeeping

#if canImport(Glibc)
    import Glibc
#endif

/// `backfill status [JOB_ID] [--json]`: recent jobs, or one job's partition grid with counts, rate and ETA.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show recent jobs, or one job's partitions, counts, throughput and ETA."
    )

    @OptionGroup var store: JobStoreOptions

    @Argument(help: "The job to show; without it, recent jobs are listed.")
    var jobID: String?

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @Option(help: "How many recent jobs to list.")
    var limit = 20

    @Flag(help: "Tenant backfills per tenant: running (grid, ETA) and queued, with the initiator's cap.")
    var tenants = false

    @Option(name: .customLong("tenant-id"), help: "Like --tenants, for this tenant only.")
    var tenantID: String?

    func validate() throws {
        if let jobID, !JobID.isValid(jobID) { throw ValidationError("'\(jobID)' is not a valid job id") }
        guard limit > 0 else { throw ValidationError("--limit must be positive") }
    }

    func run() async throws {
        let color = isatty(STDOUT_FILENO) != 0 && RuntimeEnvironment.processVariables()["NO_COLOR"] == nil
        if tenants || tenantID != nil { return try await runTenants(color: color) }
        let text = try await store.withStore { store in
            try await Self.render(
                store: store, jobID: jobID, json: json, limit: limit, color: color, now: SystemTimeSource().now)
        }
        print(text, terminator: "")
    }

    /// `--tenants` / `--tenant-id`: ``TenantStatusReport`` from the jobs table (the cap from
    /// `MAX_CONCURRENT_BACKFILLS`, default 5, as the initiator reads it).
    func runTenants(color: Bool) async throws {
        let variables = RuntimeEnvironment.processVariables()
        let configuration = try AWSConfiguration(environment: variables)
        let cap = Int(variables["MAX_CONCURRENT_BACKFILLS"] ?? "") ?? 5
        let text = try await CurlHTTPClient.withClient { http in
            let dynamo = DynamoDBClient(client: AWSClient(configuration: configuration, transport: http))
            let report = try await TenantStatusReport.read(
                jobs: DynamoDBJobStore(dynamo: dynamo, table: store.table),
                slots: DynamoDBInitiatorSlotStore(dynamo: dynamo, table: store.table), tenantID: tenantID, cap: cap)
            let now = SystemTimeSource().now
            return json ? report.json(now: now).serialized(pretty: true) + "\n" : report.text(now: now, color: color)
        }
        print(text, terminator: "")
    }

    /// What the command prints, from the store's answers (pure apart from the reads; tested with the in-memory
    /// store).
    static func render(
        store: any JobStore,
        jobID: String?,
        json: Bool,
        limit: Int,
        color: Bool,
        now: Timestamp
    ) async throws -> String {
        guard let jobID else {
            let jobs = try await store.listJobs(limit: limit)
            guard json else { return JobStatusView.list(jobs) }
            let rows: [JSONValue] = jobs.map {
                [
                    "job_id": .string($0.jobID), "handler": .string($0.handler), "status": .string($0.status.rawValue),
                    "succeeded": .int(Int64($0.totals.succeeded)), "failed": .int(Int64($0.totals.failed)),
                    "total": .int(Int64($0.totals.total)), "updated_at": .string($0.updatedAt.iso8601),
                ]
            }
            return JSONValue.array(rows).serialized(pretty: true) + "\n"
        }
        guard let job = try await store.job(id: jobID) else {
            throw ValidationError("no job '\(jobID)'")
        }
        return json
            ? JobStatusView.json(job).serialized(pretty: true) + "\n"
            : JobStatusView.detail(job, now: now, color: color)
    }
}

/// Where the job commands find the tracker: the `BackfillJobs` table through the usual AWS configuration
/// (`AWS_REGION`, credentials chain, `AWS_ENDPOINT_URL_DYNAMODB` for moto).
struct JobStoreOptions: ParsableArguments {
    @Option(name: .customLong("jobs-table"), help: "The DynamoDB jobs table (default: $JOBS_TABLE, or BackfillJobs).")
    var jobsTable: String?

    /// The table: the option, then `JOBS_TABLE` (what the deployed functions use), then `BackfillJobs`.
    var table: String { jobsTable ?? RuntimeEnvironment.processVariables()["JOBS_TABLE"] ?? "BackfillJobs" }

    /// Runs `body` with a store built from the environment; the HTTP client is shut down afterwards.
    func withStore<Result>(_ body: (any JobStore) async throws -> Result) async throws -> Result {
        let configuration = try AWSConfiguration(environment: RuntimeEnvironment.processVariables())
        return try await CurlHTTPClient.withClient { http in
            let client = AWSClient(configuration: configuration, transport: http)
            return try await body(DynamoDBJobStore(dynamo: DynamoDBClient(client: client), table: table))
        }
    }
}
