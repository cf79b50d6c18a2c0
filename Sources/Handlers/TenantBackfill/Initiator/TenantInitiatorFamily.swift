import AWS
public import BackfillCore
import Logging

/// The `tenant-initiator` entry of the handler table.
public enum TenantInitiatorFamily {
    /// The handlers this family registers.
    public static let handlers: [HandlerFamily] = [
        HandlerFamily(
            name: "tenant-initiator",
            summary: "Starts tenant backfills as TenantBackfill executions within the cap; queues the rest",
            docsPage: "Docs/tenant-backfill.md",
            variables: [
                .init("TENANT_STATE_MACHINE_ARN", "the TenantBackfill state machine", required: true),
                .init("MAX_CONCURRENT_BACKFILLS", "backfills running at once, all tenants", default: "5"),
                .init("DATA_BUCKET", "the data lake bucket", required: true),
                .init("TENANT_SERVICES_TABLE", "tenant services (tenant_id, service, secret_name, …)", required: true),
                .init("LAST_UPDATED_TABLE", "incremental sync markers (tenant_id, table_name)", required: true),
                .init("BACKFILL_CONFIG", "service settings merged over the defaults: inline JSON or s3://bucket/key"),
                .init(
                    "JOBS_TABLE", "the tracker's table, which also holds the initiator's slot item",
                    default: "BackfillJobs"),
            ],
            build: { setup in try await make(setup) })
    ]

    /// The handler wired from `setup`: the tenant-backfill configuration, the slot item in the jobs table,
    /// Secrets Manager (credentials checked before a start) and Step Functions.
    public static func make(_ setup: HandlerSetup) async throws -> TenantInitiatorHandler {
        let aws = try setup.aws()
        var document: String?
        if let location = TenantBackfillConfiguration.documentLocation(setup.variables) {
            let bytes = try await S3ObjectStore(s3: aws.s3, bucket: location.bucket).getBytes(location.key)
            document = String(decoding: bytes, as: UTF8.self)
        }
        let configuration = try TenantBackfillConfiguration(environment: setup.variables, document: document)
        let settings = try TenantInitiatorSettings(environment: setup.variables)
        var initiator = TenantInitiator(
            settings: configuration.settings, bucket: configuration.dataBucket,
            maxConcurrent: settings.maxConcurrent,
            tenants: DynamoDBTenantServices(dynamo: aws.dynamoDB, table: configuration.tenantServicesTable),
            secrets: SecretsManagerReader(client: aws.secretsManager),
            slots: DynamoDBInitiatorSlotStore(dynamo: aws.dynamoDB, table: configuration.jobsTable),
            starter: StepFunctionsExecutionStarter(
                client: aws.stepFunctions, stateMachineARN: settings.stateMachineARN),
            time: setup.time,
            discovery: DynamoDBTenantDiscovery(
                dynamo: aws.dynamoDB, tenantsTable: configuration.tenantServicesTable,
                jobsTable: configuration.jobsTable, lastUpdatedTable: configuration.lastUpdatedTable))
        initiator.metrics = MetricsEmitter(sink: setup.metricsSink)
        setup.logger.debug(
            "tenant-initiator configured",
            metadata: ["state_machine": "\(settings.stateMachineARN)", "max": "\(settings.maxConcurrent)"])
        return TenantInitiatorHandler(initiator: initiator)
    }
}

/// The initiator's own variables: the state machine to start and the cap.
public struct TenantInitiatorSettings: Sendable, Hashable {
    public var stateMachineARN: String
    public var maxConcurrent: Int

    /// Reads `TENANT_STATE_MACHINE_ARN` (required) and `MAX_CONCURRENT_BACKFILLS` (1–100, default 5).
    public init(environment: [String: String]) throws(TenantBackfillError) {
        guard let arn = environment["TENANT_STATE_MACHINE_ARN"], arn.hasPrefix("arn:") else {
            throw TenantBackfillError(
                .configuration, "TENANT_STATE_MACHINE_ARN environment variable is required (a state machine ARN)")
        }
        stateMachineARN = arn
        guard let text = environment["MAX_CONCURRENT_BACKFILLS"], !text.isEmpty else {
            maxConcurrent = 5
            return
        }
        guard let value = Int(text), (1...100).contains(value) else {
            throw TenantBackfillError(.configuration, "MAX_CONCURRENT_BACKFILLS must be a whole number from 1 to 100")
        }
        maxConcurrent = value
    }
}
