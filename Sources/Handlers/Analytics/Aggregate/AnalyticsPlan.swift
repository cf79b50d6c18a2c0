import BackfillCore
import JSON
import Timekeeping

/// The aggregation job of one export: its tracker job id, the export, the request's mode and the partitions
/// (file groups). The `plan` action saves it to `{prefix}/aggregates/plans/{jobId}.json`, so the
/// `aggregatePartition` and `merge` actions need only the job id (and a partition key).
struct AnalyticsPlan: Sendable, Equatable, Codable {
    /// The tracker job.
    var jobID: String
    /// The export's folder id (the partials go to `{prefix}/aggregates/{exportId}/`).
    var exportId: String
    /// The export's ARN, as written to the analytics table.
    var exportArn: String
    /// `incremental` or `backfill`.
    var mode: String
    /// The backfill's first day (`YYYY-MM-DD`), backfill mode only.
    var backfillStartDate: String?
    /// The file groups, in order.
    var partitions: [ExportPartitions.Group]

    /// The partitions as the job runs them.
    var exportPartitions: ExportPartitions { ExportPartitions(groups: partitions) }

    /// Compressed bytes of every data file.
    var totalBytes: Int { exportPartitions.totalBytes }

    /// The plan of `export` grouped by `maximumBytes` for `request`, saving partials under `aggregatesPrefix` of
    /// `bucket` (the job's destination).
    init(
        export: ExportSelection, request: AnalyticsRequest, maximumBytes: Int, bucket: String,
        aggregatesPrefix: String
    ) {
        let partitions = ExportPartitions(files: export.files, maximumBytes: maximumBytes)
        self.jobID = JobID.derive(
            handler: AnalyticsAggregateRun.handlerName, destination: "s3://\(bucket)/\(aggregatesPrefix)",
            partitionKeys: partitions.keys)
        self.exportId = export.exportId
        self.exportArn = export.exportArn
        self.mode = request.modeName
        if case .backfill(let start) = request.mode { backfillStartDate = start.iso8601 }
        self.partitions = partitions.groups
    }

    /// The tracker job of this plan, its destination the partials' folder of `bucket`.
    func definition(bucket: String, aggregatesPrefix: String) -> JobDefinition {
        JobDefinition(
            jobID: jobID, handler: AnalyticsAggregateRun.handlerName,
            destination: "s3://\(bucket)/\(aggregatesPrefix)", partitionKeys: partitions.map(\.key))
    }

    /// The request the plan was made for (its days are computed again on the day of the merge).
    func request() throws(AnalyticsHandlerError) -> AnalyticsRequest {
        guard mode == "backfill" else { return AnalyticsRequest(mode: .incremental, exportArn: exportArn) }
        guard let start = backfillStartDate.flatMap(CivilDate.init(iso8601:)) else {
            throw AnalyticsHandlerError(.aggregate, "The saved plan has no valid backfillStartDate", context: [:])
        }
        return AnalyticsRequest(mode: .backfill(start: start), exportArn: exportArn)
    }

    /// The plan as saved (JSON).
    func encoded() throws -> [UInt8] { try JSONValue(encoding: self).serializedBytes(sortedKeys: true) }

    /// A saved plan.
    init(encoded bytes: [UInt8]) throws {
        self = try JSONParser.parse(bytes).decode(AnalyticsPlan.self)
    }

    /// The items a Map iterates: `[{"partition":"files-00001"}, …]`.
    var items: JSONValue { .array(partitions.map { ["partition": .string($0.key)] }) }
}
