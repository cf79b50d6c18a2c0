import AWS
public import BackfillCore
public import CostBackfill
import DiagnosticsHandler
import HTTP
public import LambdaRuntime
public import Logging
import Timekeeping

/// Maps `_HANDLER` names to handler families and builds them from configuration. Shared by `bootstrap` and
/// the `backfill` CLI, so both run exactly the same code.
public enum HandlerRegistry {
    /// Every handler name this binary serves.
    public static let names = ["diagnostics", "cost-backfill"]

    /// Builds the handler `environment.handler` names; an unknown or missing name is an init error that lists
    /// the valid ones.
    public static func makeHandler(environment: RuntimeEnvironment, logger: Logger) async throws -> any LambdaHandler {
        guard let name = environment.handler else {
            throw RuntimeError(
                .unknownHandler, "_HANDLER is not set; valid handlers: \(names.joined(separator: ", "))")
        }
        switch name {
        case "diagnostics":
            return DiagnosticsHandler()
        case "cost-backfill":
            let sink = StandardOutputSink()
            return try makeCostBackfill(
                variables: environment.variables, logger: logger,
                metrics: MetricsEmitter(dimensions: [("Handler", "cost-backfill")]) { sink.write(line: $0) })
        default:
            throw RuntimeError(
                .unknownHandler, "unknown _HANDLER '\(name)'; valid handlers: \(names.joined(separator: ", "))")
        }
    }

    /// The `cost-backfill` handler wired from `variables`: its configuration (`DATA_BUCKET`, …), AWS clients on
    /// one libcurl transport that lives as long as the process, Cost Explorer with a single attempt per call
    /// (the handler paces and retries it under the shared rate limit), the bucket, and the DynamoDB job store.
    /// A missing or malformed variable is a `Runtime.MissingConfiguration` init error naming it.
    public static func makeCostBackfill(
        variables: [String: String],
        logger: Logger,
        metrics: MetricsEmitter = .disabled
    ) throws -> CostBackfillHandler {
        let configuration: CostBackfillConfiguration
        var aws: AWSConfiguration
        do {
            configuration = try CostBackfillConfiguration(environment: variables)
            aws = try AWSConfiguration(environment: variables)
        } catch let error as CostBackfillError {
            throw RuntimeError(.missingConfiguration, error.message)
        } catch let error as AWSError {
            throw RuntimeError(.missingConfiguration, error.message)
        }
        let http = CurlHTTPClient()
        let client = AWSClient(configuration: aws, transport: http, logger: logger)
        aws.retry.maxAttempts = 1
        let costExplorer = AWSClient(configuration: aws, transport: http, logger: logger)
        let dependencies = CostBackfillDependencies(
            source: CostExplorerSource(client: CostExplorerClient(client: costExplorer)),
            objects: S3CostObjectStore(s3: S3Client(client: client), bucket: configuration.dataBucket),
            jobs: DynamoDBJobStore(dynamo: DynamoDBClient(client: client), table: configuration.jobsTable),
            time: SystemTimeSource(),
            metrics: metrics)
        logger.debug(
            "cost-backfill configured",
            metadata: [
                "bucket": "\(configuration.dataBucket)", "prefix": "\(configuration.dataPrefix)",
                "ce_max_rps": "\(configuration.maxRequestsPerSecond)", "jobs_table": "\(configuration.jobsTable)",
            ])
        return CostBackfillHandler(configuration: configuration, dependencies: dependencies)
    }
}
