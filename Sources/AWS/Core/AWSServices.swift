public import HTTP
public import Logging
public import Timekeeping

/// Every AWS service client a process uses, built once: one transport, one credential provider (one cache),
/// one retry quota, and one client per service over them. `bootstrap` and `backfill` build it from the
/// environment and hand it to handler families; a family never creates a client itself.
public final class AWSServices: Sendable {
    /// The configuration the clients were built from.
    public let configuration: AWSConfiguration
    /// The signed client every service client shares.
    public let client: AWSClient
    public let s3: S3Client
    public let dynamoDB: DynamoDBClient
    /// Cost Explorer with the configured retries (see ``costExplorer(maxAttempts:)`` for a paced source).
    public let costExplorer: CostExplorerClient
    public let cloudWatch: CloudWatchClient
    public let lambda: LambdaClient
    public let stepFunctions: StepFunctionsClient
    public let secretsManager: SecretsManagerClient
    public let ssm: SSMClient

    /// Services over `transport`.
    public init(
        configuration: AWSConfiguration,
        transport: any HTTPTransport,
        timeSource: any TimeSource = SystemTimeSource(),
        logger: Logger = Logger(label: "aws", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.configuration = configuration
        client = AWSClient(configuration: configuration, transport: transport, timeSource: timeSource, logger: logger)
        s3 = S3Client(client: client)
        dynamoDB = DynamoDBClient(client: client)
        costExplorer = CostExplorerClient(client: client)
        cloudWatch = CloudWatchClient(client: client)
        lambda = LambdaClient(client: client)
        stepFunctions = StepFunctionsClient(client: client)
        secretsManager = SecretsManagerClient(client: client)
        ssm = SSMClient(client: client)
    }

    /// Services configured from `environment` (credentials, region, endpoints, retries) on a libcurl transport
    /// that lives as long as the process. A missing or malformed variable throws an ``AWSError`` naming it.
    public static func live(
        environment: [String: String],
        logger: Logger,
        timeSource: any TimeSource = SystemTimeSource()
    ) throws(AWSError) -> AWSServices {
        let configuration = try AWSConfiguration(environment: environment)
        return AWSServices(
            configuration: configuration, transport: CurlHTTPClient(), timeSource: timeSource, logger: logger)
    }

    /// Cost Explorer making `maxAttempts` attempts per call (1 for a source the caller paces and retries).
    public func costExplorer(maxAttempts: Int) -> CostExplorerClient {
        CostExplorerClient(client: client, maxAttempts: maxAttempts)
    }
}
