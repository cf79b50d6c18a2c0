/// Everything `analytics-aggregate` needs from its environment, parsed once at init.
///
/// | Variable | Meaning | Default |
/// |---|---|---|
/// | `EXPORT_BUCKET` | the bucket the exports are in | required |
/// | `EXPORT_PREFIX` | the key prefix of exports (partials go to `{prefix}/aggregates/{exportId}/`) | `exports` |
/// | `ANALYTICS_TABLE` | the table of per-day metrics (`date`, `app`) | `Analytics` |
/// | `METRICS_NAMESPACE` | the CloudWatch namespace | `BubblyClouds/Analytics` |
/// | `JOBS_TABLE` | the tracker's DynamoDB table | `BackfillJobs` |
/// | `ANALYTICS_PARTITION_MB` | compressed megabytes of data files per partition | `256` |
/// | `ANALYTICS_FANOUT_MB` | above this many compressed megabytes the state machine fans out (0: always) | `1024` |
/// | `ANALYTICS_DISTRIBUTED_PARTITIONS` | above this many partitions it fans out with a Distributed Map | `40` |
public struct AnalyticsAggregateConfiguration: Sendable, Hashable {
    /// The export bucket.
    public var exportBucket: String
    /// The export prefix, without leading or trailing slashes.
    public var exportPrefix: String
    /// The analytics table.
    public var analyticsTable: String
    /// The CloudWatch namespace.
    public var metricsNamespace: String
    /// The tracker's table.
    public var jobsTable: String
    /// Compressed bytes of data files grouped into one partition (a file is never split).
    public var partitionBytes: Int
    /// Compressed bytes above which the `plan` action answers `"fanOut": true`.
    public var fanOutBytes: Int
    /// Partitions above which the `plan` action answers `"distributed": true` (the list is read from S3).
    public var distributedPartitions: Int

    /// A configuration given in code.
    public init(
        exportBucket: String, exportPrefix: String = "exports", analyticsTable: String = "Analytics",
        metricsNamespace: String = "BubblyClouds/Analytics", jobsTable: String = "BackfillJobs",
        partitionBytes: Int = 256 << 20, fanOutBytes: Int = 1_024 << 20, distributedPartitions: Int = 40
    ) {
        self.exportBucket = exportBucket
        self.exportPrefix = AnalyticsVariables.trimmedPrefix(exportPrefix)
        self.analyticsTable = analyticsTable
        self.metricsNamespace = metricsNamespace
        self.jobsTable = jobsTable
        self.partitionBytes = max(1, partitionBytes)
        self.fanOutBytes = max(0, fanOutBytes)
        self.distributedPartitions = max(1, distributedPartitions)
    }

    /// Parses the variables above; a missing or malformed one is a `configuration` error naming it.
    public init(environment: [String: String]) throws(AnalyticsHandlerError) {
        let variables = AnalyticsVariables(environment)
        guard let bucket = variables["EXPORT_BUCKET"] else {
            throw AnalyticsHandlerError(.configuration, "EXPORT_BUCKET environment variable is required")
        }
        let megabytes = try Self.integer(variables, "ANALYTICS_PARTITION_MB", 1...10_240, default: 256)
        let fanOut = try Self.integer(variables, "ANALYTICS_FANOUT_MB", 0...10_485_760, default: 1_024)
        let distributed = try Self.integer(variables, "ANALYTICS_DISTRIBUTED_PARTITIONS", 1...100_000, default: 40)
        self.init(
            exportBucket: bucket, exportPrefix: variables["EXPORT_PREFIX"] ?? "exports",
            analyticsTable: variables["ANALYTICS_TABLE"] ?? "Analytics",
            metricsNamespace: variables["METRICS_NAMESPACE"] ?? "BubblyClouds/Analytics",
            jobsTable: variables["JOBS_TABLE"] ?? "BackfillJobs", partitionBytes: megabytes << 20,
            fanOutBytes: fanOut << 20, distributedPartitions: distributed)
    }

    /// The integer variable `name` within `range`, else `fallback`; malformed → a `configuration` error naming it.
    static func integer(
        _ variables: AnalyticsVariables, _ name: String, _ range: ClosedRange<Int>, default fallback: Int
    ) throws(AnalyticsHandlerError) -> Int {
        guard let text = variables[name] else { return fallback }
        guard let number = Int(text), range.contains(number) else {
            throw AnalyticsHandlerError(
                .configuration,
                "\(name) must be an integer from \(range.lowerBound) to \(range.upperBound), got \"\(text)\"")
        }
        return number
    }

    /// Where the partial aggregates of an export go: `{prefix}/aggregates/{exportId}/`.
    public func aggregatesPrefix(exportId: String) -> String {
        (exportPrefix.isEmpty ? "" : exportPrefix + "/") + "aggregates/\(exportId)/"
    }

    /// Where the `plan` action saves a job's plan: `{prefix}/aggregates/plans/{jobId}.json`.
    public func planKey(jobID: String) -> String {
        (exportPrefix.isEmpty ? "" : exportPrefix + "/") + "aggregates/plans/\(jobID).json"
    }

    /// Where it saves the partition list a Distributed Map reads: `{prefix}/aggregates/plans/{jobId}-items.json`.
    public func planItemsKey(jobID: String) -> String {
        (exportPrefix.isEmpty ? "" : exportPrefix + "/") + "aggregates/plans/\(jobID)-items.json"
    }
}
