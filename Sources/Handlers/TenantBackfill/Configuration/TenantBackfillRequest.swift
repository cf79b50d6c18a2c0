public import JSON
import SourceConnector
public import Timekeeping

/// What one `tenant-backfill` event asks for, validated; a wrong field is an `invalidEvent` error naming it.
///
/// - `{"tenant_id","service","table_name"?,"tables"?,"start_date"?,"end_date"?,"chunk_size_days"?,"dry_run"?}`:
///   run the tenant's backfill job within the invocation's deadline;
/// - `{"resume_job_id"}` (the existing tool's resume payload), or `{"continue": true, "job_id"}` fed back: continue
///   a job;
/// - `{"job_id","partition"}`: run one chunk (what a Map state sends);
/// - the `TenantBackfill` state machine's steps `{"plan": {…start…}}`, `{"pending_job_id","pass"?}` and
///   `{"finalize_job_id"}` (see `TenantBackfillRequest+Machine.swift`).
///
/// Dates accept `2023-01-01` and `2023-01-01T00:00:00Z`.
public enum TenantBackfillRequest: Sendable, Hashable {
    /// A new (or joined) backfill of one tenant's service.
    case start(Start)
    /// Continue an existing job.
    case resume(jobID: String)
    /// Run one partition of a job.
    case chunk(jobID: String, partition: String)
    /// Create or join the job of a start and list its chunks (the state machine's first step); `jobID` is the
    /// id the initiator named the execution with, checked against the plan's.
    case plan(Start, jobID: String?)
    /// List the job's chunks still to run (the state machine's loop after each Map); `pass` counts the loops.
    case pending(jobID: String, pass: Int)
    /// Settle the job: finalize its tables, set its status, write its summary.
    case finalize(jobID: String)

    /// The parameters of a start.
    public struct Start: Sendable, Hashable {
        public var tenantID: String
        public var service: String
        /// Only these tables (`table_name` or `tables`); nil: the configured ones.
        public var tables: [String]?
        public var startDate: CivilDate?
        /// Exclusive.
        public var endDate: CivilDate?
        public var chunkSizeDays: Int?
        public var dryRun: Bool

        public init(
            tenantID: String, service: String, tables: [String]? = nil, startDate: CivilDate? = nil,
            endDate: CivilDate? = nil, chunkSizeDays: Int? = nil, dryRun: Bool = false
        ) {
            self.tenantID = tenantID
            self.service = service
            self.tables = tables
            self.startDate = startDate
            self.endDate = endDate
            self.chunkSizeDays = chunkSizeDays
            self.dryRun = dryRun
        }
    }

    /// Validates `event`.
    public init(event: JSONValue) throws(TenantBackfillError) {
        guard case .object(let object) = event else {
            throw TenantBackfillError(.invalidEvent, "the event must be a JSON object, got \(event.typeDescription)")
        }
        func text(_ name: String) throws(TenantBackfillError) -> String? {
            guard let value = object[name], value != .null else { return nil }
            guard let string = value.stringValue, !string.isEmpty, string.count <= 256 else {
                throw TenantBackfillError(.invalidEvent, "\(name) must be a non-empty string")
            }
            return string
        }
        if let step = try Self.machineStep(object) {
            self = step
            return
        }
        if let jobID = try text("resume_job_id") {
            self = .resume(jobID: jobID)
            return
        }
        if let jobID = try text("job_id"), object["tenant_id"] == nil {
            if let partition = try text("partition") {
                self = .chunk(jobID: jobID, partition: partition)
            } else {
                self = .resume(jobID: jobID)
            }
            return
        }
        guard let tenantID = try text("tenant_id") else {
            throw TenantBackfillError(
                .invalidEvent, "tenant_id is required (or resume_job_id, or job_id with partition)")
        }
        let serviceName = try text("service")
        let legacyName = try text("service_name")
        guard let service = serviceName ?? legacyName else {
            throw TenantBackfillError(.invalidEvent, "service is required")
        }
        var start = Start(tenantID: tenantID, service: service)
        if let table = try text("table_name") { start.tables = [table] }
        if let value = object["tables"], value != .null {
            guard let list = value.arrayValue, !list.isEmpty, list.allSatisfy({ !($0.stringValue ?? "").isEmpty })
            else { throw TenantBackfillError(.invalidEvent, "tables must be a non-empty list of table names") }
            start.tables = list.compactMap(\.stringValue)
        }
        start.startDate = try Self.date(object["start_date"], field: "start_date")
        start.endDate = try Self.date(object["end_date"], field: "end_date")
        if let value = object["chunk_size_days"], value != .null {
            let number = value.intValue.map { Int($0) } ?? value.stringValue.flatMap { Int($0) }
            guard let days = number, (1...365).contains(days) else {
                throw TenantBackfillError(.invalidEvent, "chunk_size_days must be a whole number from 1 to 365")
            }
            start.chunkSizeDays = days
        }
        if let value = object["dry_run"], value != .null {
            guard let flag = value.boolValue else {
                throw TenantBackfillError(.invalidEvent, "dry_run must be true or false")
            }
            start.dryRun = flag
        }
        if let first = start.startDate, let last = start.endDate, first >= last {
            throw TenantBackfillError(
                .invalidEvent, "start_date \(first.iso8601) must be before end_date \(last.iso8601)")
        }
        self = .start(start)
    }

    /// `2023-01-01` or `2023-01-01T00:00:00Z` (the time of day is dropped), or nil when absent.
    static func date(_ value: JSONValue?, field: String) throws(TenantBackfillError) -> CivilDate? {
        guard let value, value != .null else { return nil }
        guard let text = value.stringValue else {
            throw TenantBackfillError(.invalidEvent, "\(field) must be a date like 2023-01-01 or 2023-01-01T00:00:00Z")
        }
        if text.count == 10, let date = CivilDate(iso8601: text) { return date }
        if let timestamp = SourceWindow.parseSeconds(text) { return timestamp.civil.date }
        throw TenantBackfillError(
            .invalidEvent, "\(field) must be a date like 2023-01-01 or 2023-01-01T00:00:00Z, got \(text.prefix(40))")
    }
}
