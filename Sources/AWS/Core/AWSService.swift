/// A service this client talks to: how it is named on the wire, in signatures, in endpoint variables and hosts.
public struct AWSService: Sendable, Hashable, CustomStringConvertible {
    /// The wire protocol a service speaks.
    public enum WireProtocol: Sendable, Hashable {
        /// AWS JSON 1.0 or 1.1: `POST /`, `X-Amz-Target: {targetPrefix}.{Operation}`.
        case json(version: String, targetPrefix: String)
        /// REST with JSON bodies (Lambda).
        case restJSON
        /// REST with XML bodies (S3).
        case restXML
    }

    /// Short id, e.g. `dynamodb`.
    public let id: String
    /// The name in the SigV4 credential scope, e.g. `monitoring` for CloudWatch.
    public let signingName: String
    /// The first label of the regional host, e.g. `states` in `states.eu-west-1.amazonaws.com`.
    public let hostPrefix: String
    /// The suffix of `AWS_ENDPOINT_URL_<SUFFIX>`, e.g. `COST_EXPLORER`.
    public let environmentSuffix: String
    /// How requests and responses are encoded.
    public let wireProtocol: WireProtocol
    /// A region the service is pinned to (Cost Explorer lives in us-east-1 only).
    public let globalRegion: String?

    public var description: String { id }

    /// Amazon S3 (REST-XML).
    public static let s3 = AWSService(
        id: "s3", signingName: "s3", hostPrefix: "s3", environmentSuffix: "S3", wireProtocol: .restXML,
        globalRegion: nil)
    /// Amazon DynamoDB (JSON 1.0).
    public static let dynamoDB = AWSService(
        id: "dynamodb", signingName: "dynamodb", hostPrefix: "dynamodb", environmentSuffix: "DYNAMODB",
        wireProtocol: .json(version: "1.0", targetPrefix: "DynamoDB_20120810"), globalRegion: nil)
    /// AWS Cost Explorer (JSON 1.1), always `ce.us-east-1`.
    public static let costExplorer = AWSService(
        id: "ce", signingName: "ce", hostPrefix: "ce", environmentSuffix: "COST_EXPLORER",
        wireProtocol: .json(version: "1.1", targetPrefix: "AWSInsightsIndexService"), globalRegion: "us-east-1")
    /// Amazon CloudWatch metrics (JSON 1.0).
    public static let cloudWatch = AWSService(
        id: "cloudwatch", signingName: "monitoring", hostPrefix: "monitoring", environmentSuffix: "CLOUDWATCH",
        wireProtocol: .json(version: "1.0", targetPrefix: "GraniteServiceVersion20100801"), globalRegion: nil)
    /// AWS Lambda (REST-JSON).
    public static let lambda = AWSService(
        id: "lambda", signingName: "lambda", hostPrefix: "lambda", environmentSuffix: "LAMBDA",
        wireProtocol: .restJSON, globalRegion: nil)
    /// AWS Step Functions (JSON 1.0).
    public static let stepFunctions = AWSService(
        id: "sfn", signingName: "states", hostPrefix: "states", environmentSuffix: "SFN",
        wireProtocol: .json(version: "1.0", targetPrefix: "AWSStepFunctions"), globalRegion: nil)
    /// AWS Secrets Manager (JSON 1.1).
    public static let secretsManager = AWSService(
        id: "secretsmanager", signingName: "secretsmanager", hostPrefix: "secretsmanager",
        environmentSuffix: "SECRETS_MANAGER", wireProtocol: .json(version: "1.1", targetPrefix: "secretsmanager"),
        globalRegion: nil)
    /// AWS Systems Manager Parameter Store (JSON 1.1).
    public static let ssm = AWSService(
        id: "ssm", signingName: "ssm", hostPrefix: "ssm", environmentSuffix: "SSM",
        wireProtocol: .json(version: "1.1", targetPrefix: "AmazonSSM"), globalRegion: nil)

    /// Every service above.
    public static let all: [AWSService] = [
        .s3, .dynamoDB, .costExplorer, .cloudWatch, .lambda, .stepFunctions, .secretsManager, .ssm,
    ]

    public static func == (lhs: AWSService, rhs: AWSService) -> Bool { lhs.id == rhs.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}
