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

    /// A configuration given in code.
    public init(
        exportBucket: String, exportPrefix: String = "exports", analyticsTable: String = "Analytics",
        metricsNamespace: String = "BubblyClouds/Analytics", jobsTable: String = "BackfillJobs",
        partitionBytes: Int = 256 << 20
    ) {
        self.exportBucket = exportBucket
        self.exportPrefix = AnalyticsVariables.trimmedPrefix(exportPrefix)
        self.analyticsTable = analyticsTable
        self.metricsNamespace = metricsNamespace
        self.jobsTable = jobsTable
        self.partitionBytes = max(1, partitionBytes)
    }

    /// Parses the variables above; a missing or malformed one is a `configuration` error naming it.
    public init(environment: [String: String]) throws(AnalyticsHandlerError) {
        let variables = AnalyticsVariables(environment)
        guard let bucket = variables["EXPORT_BUCKET"] else {
            throw AnalyticsHandlerError(.configuration, "EXPORT_BUCKET environment variable is required")
        }
        var megabytes = 256
        if let text = variables["ANALYTICS_PARTITION_MB"] {
            guard let number = Int(text), (1...10_240).contains(number) else {
                throw AnalyticsHandlerError(
                    .configuration, "ANALYTICS_PARTITION_MB must be an integer from 1 to 10240, got \"\(text)\"")
            }
            megabytes = number
        }
        self.init(
            exportBucket: bucket, exportPrefix: variables["EXPORT_PREFIX"] ?? "exports",
            analyticsTable: variables["ANALYTICS_TABLE"] ?? "Analytics",
            metricsNamespace: variables["METRICS_NAMESPACE"] ?? "BubblyClouds/Analytics",
            jobsTable: variables["JOBS_TABLE"] ?? "BackfillJobs", partitionBytes: megabytes << 20)
    }

    /// Where the partial aggregates of an export go: `{prefix}/aggregates/{exportId}/`.
    public func aggregatesPrefix(exportId: String) -> String {
        (exportPrefix.isEmpty ? "" : exportPrefix + "/") + "aggregates/\(exportId)/"
    }
}
