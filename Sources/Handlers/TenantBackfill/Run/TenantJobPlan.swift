public import BackfillCore
public import Timekeeping

/// A tenant backfill job resolved: the tenant's service item and settings (with its overrides and the event's),
/// the window `[start, end)`, and its chunks per table, in the order they run.
public struct TenantJobPlan: Sendable {
    public static let handlerName = "tenant-backfill"

    public var tenantID: String
    public var service: String
    public var settings: TenantBackfillSettings.Service
    public var secretName: String?
    public var start: CivilDate
    /// Exclusive.
    public var end: CivilDate
    public var tables: [String]
    public var chunks: [TenantChunk]
    public var jobID: String
    public var bucket: String

    /// The plan of a start event, for `item` with today's date `today`.
    public init(
        request: TenantBackfillRequest.Start, item: TenantServiceItem, settings: TenantBackfillSettings,
        bucket: String, today: CivilDate
    ) throws(TenantBackfillError) {
        var service = try settings.service(request.service).applying(item.overrides)
        if let days = request.chunkSizeDays { service.chunkSizeDays = days }
        if let tables = request.tables { service.tables = tables }
        let end = request.endDate ?? today
        let start = request.startDate ?? end.adding(days: -service.lookbackDays)
        guard start < end else {
            throw TenantBackfillError(
                .invalidEvent, "start_date \(start.iso8601) must be before end_date \(end.iso8601)")
        }
        let jobID = TenantRawLayout.jobID(tenantID: request.tenantID, service: request.service, start: start)
        self.init(
            tenantID: request.tenantID, service: request.service, settings: service, secretName: item.secretName,
            start: start, end: end, jobID: jobID, bucket: bucket)
    }

    /// A plan from its parts; chunks are `chunkSizeDays` windows of every table.
    public init(
        tenantID: String, service: String, settings: TenantBackfillSettings.Service, secretName: String?,
        start: CivilDate, end: CivilDate, jobID: String, bucket: String
    ) {
        self.tenantID = tenantID
        self.service = service
        self.settings = settings
        self.secretName = secretName
        self.start = start
        self.end = end
        self.jobID = jobID
        self.bucket = bucket
        tables = settings.orderedTables
        let windows = TenantChunk.windows(from: start, to: end, chunkDays: settings.chunkSizeDays)
        chunks = tables.flatMap { table in
            windows.enumerated().map { index, window in
                TenantChunk(
                    tenantID: tenantID, service: service, table: table, jobID: jobID, start: window.0,
                    end: window.1, number: index + 1, total: windows.count)
            }
        }
    }

    /// The plan of an existing job: its tenant, service (from the destination) and chunks (from its partition
    /// keys).
    public init(job: JobRecord, item: TenantServiceItem?, settings: TenantBackfillSettings, bucket: String)
        throws(TenantBackfillError)
    {
        guard job.handler == Self.handlerName, let tenantID = job.tenantID,
            let service = Self.service(fromDestination: job.destination)
        else {
            throw TenantBackfillError(.invalidEvent, "job \(job.jobID) is not a tenant-backfill job")
        }
        var resolved = try settings.service(service)
        if let item { resolved = resolved.applying(item.overrides) }
        let parsed = job.partitions.compactMap { TenantRawLayout.parsePartitionKey($0.key) }
        guard let first = parsed.map(\.start).min(), let last = parsed.map(\.end).max() else {
            throw TenantBackfillError(.invalidEvent, "job \(job.jobID) has no chunk partitions")
        }
        var tables: [String] = []
        for entry in parsed where !tables.contains(entry.table) { tables.append(entry.table) }
        resolved.tables = tables
        self.tenantID = tenantID
        self.service = service
        self.settings = resolved
        self.secretName = item?.secretName
        self.start = first
        self.end = last
        self.jobID = job.jobID
        self.bucket = bucket
        self.tables = tables
        chunks = tables.flatMap { table in
            let windows = parsed.filter { $0.table == table }
            return windows.enumerated().map { index, window in
                TenantChunk(
                    tenantID: tenantID, service: service, table: table, jobID: job.jobID, start: window.start,
                    end: window.end, number: index + 1, total: windows.count)
            }
        }
    }

    /// `s3://{bucket}/{tenant}/raw/{service}`: where the job writes, and how a resumed job finds its service.
    public var destination: String { "s3://\(bucket)/\(tenantID)/raw/\(service)" }

    /// The tracker job.
    public var definition: JobDefinition {
        JobDefinition(
            jobID: jobID, handler: Self.handlerName, destination: destination, tenantID: tenantID,
            partitionKeys: chunks.map(\.partitionKey))
    }

    /// The chunk of a partition key.
    /// The chunk of partition `key`: a planned one, or a half a split added to the job after planning.
    public func chunk(_ key: String) -> TenantChunk? {
        if let planned = chunks.first(where: { $0.partitionKey == key }) { return planned }
        guard let parsed = TenantRawLayout.parsePartitionKey(key), tables.contains(parsed.table) else { return nil }
        return TenantChunk(
            tenantID: tenantID, service: service, table: parsed.table, jobID: jobID, start: parsed.start,
            end: parsed.end)
    }

    static func service(fromDestination destination: String) -> String? {
        let parts = destination.split(separator: "/")
        guard parts.count >= 2, parts[parts.count - 2] == "raw" else { return nil }
        return String(parts[parts.count - 1])
    }
}
