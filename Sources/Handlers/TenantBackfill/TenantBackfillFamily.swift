import AWS
public import BackfillCore
import Logging
import Timekeeping

/// The `tenant-backfill` entry of the handler table.
public enum TenantBackfillFamily {
    /// The handlers this family registers.
    public static let handlers: [HandlerFamily] = [
        HandlerFamily(
            name: "tenant-backfill",
            summary: "A tenant's ConnectWise, ServiceNow or ingestion-Lambda history in date chunks into raw Parquet",
            docsPage: "Docs/tenant-backfill.md",
            variables: [
                .init("DATA_BUCKET", "the data lake bucket", required: true),
                .init("TENANT_SERVICES_TABLE", "tenant services (tenant_id, service, secret_name, …)", required: true),
                .init("LAST_UPDATED_TABLE", "incremental sync markers (tenant_id, table_name)", required: true),
                .init("BACKFILL_CONFIG", "service settings merged over the defaults: inline JSON or s3://bucket/key"),
                .init("ENVIRONMENT", "the {env} of function names", default: "dev"),
                .init(
                    "INGESTION_FUNCTION_PATTERN", "ingestion function name",
                    default: TenantBackfillConfiguration.defaultIngestionPattern),
                .init(
                    "CANONICAL_FUNCTION_PATTERN", "canonical transform function name",
                    default: TenantBackfillConfiguration.defaultCanonicalPattern),
                .init("JOBS_TABLE", "the tracker's DynamoDB table", default: "BackfillJobs"),
                .init("TENANT_CONCURRENCY", "chunks processed at once in one invocation", default: "2"),
                .init("BACKFILL_LEASE_SECONDS", "how long a claimed chunk is held without renewal", default: "60"),
                .init(
                    "TENANT_SPILL_DIR", "local directory a chunk over its memory budget spills its records to",
                    default: "/tmp"),
            ],
            build: { setup in try await make(setup) })
    ]

    /// The handler wired from `setup`: configuration (reading `BACKFILL_CONFIG` from S3 when it is an address),
    /// the bucket, the tables, Secrets Manager, Lambda and the HTTP transport of the AWS clients.
    public static func make(_ setup: HandlerSetup) async throws -> TenantBackfillHandler {
        let aws = try setup.aws()
        var document: String?
        if let location = TenantBackfillConfiguration.documentLocation(setup.variables) {
            let bytes = try await S3ObjectStore(s3: aws.s3, bucket: location.bucket).getBytes(location.key)
            document = String(decoding: bytes, as: UTF8.self)
        }
        let configuration = try TenantBackfillConfiguration(environment: setup.variables, document: document)
        let time = setup.time
        let dependencies = TenantBackfillDependencies(
            objects: S3ObjectStore(s3: aws.s3, bucket: configuration.dataBucket),
            jobs: DynamoDBJobStore(dynamo: aws.dynamoDB, table: configuration.jobsTable),
            tenants: DynamoDBTenantServices(dynamo: aws.dynamoDB, table: configuration.tenantServicesTable),
            markers: DynamoDBSyncMarkers(dynamo: aws.dynamoDB, table: configuration.lastUpdatedTable),
            secrets: SecretsManagerReader(client: aws.secretsManager),
            functions: AWSFunctionInvoker(lambda: aws.lambda),
            transport: aws.client.transport, time: setup.time, metrics: setup.metrics(handler: "tenant-backfill"),
            events: setup.runEvents,
            sharedLimits: DynamoDBSharedLimitStore(dynamo: aws.dynamoDB, table: configuration.jobsTable),
            uploads: S3ObjectUploader(s3: aws.s3, bucket: configuration.dataBucket),
            schemas: DynamoDBTenantSchemas(dynamo: aws.dynamoDB, table: configuration.jobsTable) {
                time.now.secondsSince1970
            })
        setup.logger.debug(
            "tenant-backfill configured",
            metadata: ["bucket": "\(configuration.dataBucket)", "jobs_table": "\(configuration.jobsTable)"])
        return TenantBackfillHandler(configuration: configuration, dependencies: dependencies)
    }
}
