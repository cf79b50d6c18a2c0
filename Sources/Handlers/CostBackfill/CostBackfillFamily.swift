import AWS
public import BackfillCore
import Logging

/// The `cost-backfill` entry of the handler table: its variables, docs page, and how it is wired from the
/// process's setup.
public enum CostBackfillFamily {
    /// The handlers this family registers.
    public static let handlers: [HandlerFamily] = [
        HandlerFamily(
            name: "cost-backfill",
            summary: "Cost Explorer month by month into S3 (summary.json, Parquet, index.json)",
            docsPage: "Docs/cost-backfill.md",
            variables: [
                .init("DATA_BUCKET", "the output bucket", required: true),
                .init("DATA_PREFIX", "a key prefix inside it (cost → cost/2025-10/summary.json)"),
                .init("COST_CATEGORY_NAME", "the cost category mapping workloads to cost centres"),
                .init("COST_WORKLOAD_TAG", "the cost allocation tag naming a workload", default: "App"),
                .init("CE_MAX_RPS", "Cost Explorer requests a second, across all months in flight", default: "5"),
                .init("COST_CONCURRENCY", "months processed at once", default: "4"),
                .init("JOBS_TABLE", "the tracker's DynamoDB table", default: "BackfillJobs"),
                .init("BACKFILL_LEASE_SECONDS", "how long a claimed month is held without renewal", default: "60"),
            ],
            build: { setup in try make(setup) })
    ]

    /// The handler wired from `setup`: its configuration, Cost Explorer with one attempt per call (the handler
    /// paces and retries it under the shared rate limit), the bucket, and the DynamoDB job store. A missing or
    /// malformed variable throws an error naming it.
    public static func make(_ setup: HandlerSetup) throws -> CostBackfillHandler {
        let configuration = try CostBackfillConfiguration(environment: setup.variables)
        let aws = try setup.aws()
        let dependencies = CostBackfillDependencies(
            source: CostExplorerSource(client: aws.costExplorer(maxAttempts: 1)),
            objects: S3ObjectStore(s3: aws.s3, bucket: configuration.dataBucket),
            jobs: DynamoDBJobStore(dynamo: aws.dynamoDB, table: configuration.jobsTable),
            time: setup.time,
            metrics: setup.metrics(handler: "cost-backfill"),
            events: setup.runEvents,
            sharedLimits: DynamoDBSharedLimitStore(dynamo: aws.dynamoDB, table: configuration.jobsTable))
        setup.logger.debug(
            "cost-backfill configured",
            metadata: [
                "bucket": "\(configuration.dataBucket)", "prefix": "\(configuration.dataPrefix)",
                "ce_max_rps": "\(configuration.maxRequestsPerSecond)", "jobs_table": "\(configuration.jobsTable)",
            ])
        return CostBackfillHandler(configuration: configuration, dependencies: dependencies)
    }
}
