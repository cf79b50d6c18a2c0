import AWS
public import BackfillCore

/// The `analytics-export` and `analytics-aggregate` entries of the handler table.
public enum AnalyticsFamily {
    /// The handlers this family registers.
    public static let handlers: [HandlerFamily] = [
        HandlerFamily(
            name: "analytics-export",
            summary: "Starts the DynamoDB export (incremental of yesterday, or full for a backfill)",
            docsPage: "Docs/analytics.md",
            variables: [
                .init("TABLE_NAME", "the main table to export (point-in-time recovery on)", required: true),
                .init("EXPORT_BUCKET", "the bucket exports are written to", required: true),
                .init("EXPORT_PREFIX", "the key prefix of exports", default: "exports"),
                .init("TABLE_ARN", "the main table's ARN (else DescribeTable)"),
            ],
            build: { setup in try makeExport(setup) }),
        HandlerFamily(
            name: "analytics-aggregate",
            summary: "Per-day, per-app metrics from an export into the analytics table and CloudWatch",
            docsPage: "Docs/analytics.md",
            variables: [
                .init("EXPORT_BUCKET", "the bucket the exports are in", required: true),
                .init("EXPORT_PREFIX", "the key prefix of exports", default: "exports"),
                .init("ANALYTICS_TABLE", "the per-day metrics table (date, app)", default: "Analytics"),
                .init("METRICS_NAMESPACE", "the CloudWatch namespace", default: "BubblyClouds/Analytics"),
                .init("JOBS_TABLE", "the tracker's DynamoDB table", default: "BackfillJobs"),
                .init("ANALYTICS_PARTITION_MB", "compressed MB of data files per partition", default: "256"),
                .init("ANALYTICS_FANOUT_MB", "compressed MB above which the state machine fans out", default: "1024"),
                .init(
                    "ANALYTICS_DISTRIBUTED_PARTITIONS", "partitions above which it uses a Distributed Map",
                    default: "40"),
            ],
            build: { setup in try makeAggregate(setup) }),
    ]

    /// `analytics-export` wired from `setup`.
    public static func makeExport(_ setup: HandlerSetup) throws -> AnalyticsExportHandler {
        let configuration = try AnalyticsExportConfiguration(environment: setup.variables)
        let aws = try setup.aws()
        return AnalyticsExportHandler(configuration: configuration, dynamoDB: aws.dynamoDB, time: setup.time)
    }

    /// `analytics-aggregate` wired from `setup`.
    public static func makeAggregate(_ setup: HandlerSetup) throws -> AnalyticsAggregateHandler {
        try makeAggregate(setup, configuration: try AnalyticsAggregateConfiguration(environment: setup.variables))
    }

    /// `analytics-aggregate` wired from `setup` with `configuration` (tests that shrink the partitions).
    public static func makeAggregate(
        _ setup: HandlerSetup, configuration: AnalyticsAggregateConfiguration
    ) throws -> AnalyticsAggregateHandler {
        let aws = try setup.aws()
        let dependencies = AnalyticsAggregateDependencies(
            objects: S3ObjectStore(s3: aws.s3, bucket: configuration.exportBucket),
            jobs: DynamoDBJobStore(dynamo: aws.dynamoDB, table: configuration.jobsTable),
            outputs: AWSAnalyticsOutputs(
                dynamoDB: aws.dynamoDB, client: aws.client, table: configuration.analyticsTable),
            time: setup.time, events: setup.runEvents, exports: DynamoDBExportDescriber(dynamoDB: aws.dynamoDB))
        return AnalyticsAggregateHandler(configuration: configuration, dependencies: dependencies)
    }
}
