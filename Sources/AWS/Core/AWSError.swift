/// The one error type of the AWS module: a service's error answer, a transport failure, bad configuration or
/// missing credentials, with enough context (service, operation, AWS code, HTTP status, request id) to act on it.
public struct AWSError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable {
        /// The service answered with an error (see `serviceCode`, `status`).
        case service
        /// The request did not complete (connection refused or reset, time-out).
        case transport
        /// The configuration is incomplete or invalid (a variable is missing or malformed).
        case configuration
        /// No credentials could be found or fetched.
        case credentials
        /// The service answered with something this client cannot read.
        case invalidResponse
        /// The caller's input cannot be sent (e.g. an empty key).
        case invalidRequest
    }

    public var code: Code
    /// The service's error code with any `prefix#` removed, e.g. `ConditionalCheckFailedException`.
    public var serviceCode: String?
    /// The service's short name, e.g. `dynamodb`.
    public var service: String?
    /// The operation, e.g. `PutItem`.
    public var operation: String?
    /// The HTTP status, when there was a response.
    public var status: Int?
    /// The request id AWS assigned (`x-amzn-RequestId`, `x-amz-request-id`, or the body's `RequestId`).
    public var requestID: String?
    /// A human-readable explanation (never contains secrets).
    public var message: String
    /// How many attempts were made before giving up.
    public var attempts: Int
    /// The error below this one (an `HTTPError`, say).
    public var underlying: (any Error & Sendable)?
    /// The server's wait hint (`Retry-After` / `x-amz-retry-after`), when it sent one.
    public var retryAfter: Duration?

    public init(
        _ code: Code,
        _ message: String,
        serviceCode: String? = nil,
        service: String? = nil,
        operation: String? = nil,
        status: Int? = nil,
        requestID: String? = nil,
        underlying: (any Error & Sendable)? = nil
    ) {
        self.code = code
        self.message = message
        self.serviceCode = serviceCode
        self.service = service
        self.operation = operation
        self.status = status
        self.requestID = requestID
        self.attempts = 1
        self.underlying = underlying
    }

    /// Whether DynamoDB refused a write because its condition expression was false.
    public var isConditionalCheckFailed: Bool { serviceCode == "ConditionalCheckFailedException" }

    /// Whether the service said the resource (object, item, table, secret) does not exist.
    public var isNotFound: Bool {
        switch serviceCode {
        case "NoSuchKey", "NoSuchBucket", "NotFound", "ResourceNotFoundException", "ParameterNotFound",
            "ExportNotFoundException", "TableNotFoundException", "StateMachineDoesNotExist":
            true
        default: status == 404
        }
    }

    /// Whether the service asked the client to slow down.
    public var isThrottling: Bool { RetryClassifier.classify(self) == .throttling }

    public var description: String {
        var text = "AWS \(code.rawValue) error"
        if let service, let operation { text += " in \(service).\(operation)" }
        if let serviceCode { text += ": \(serviceCode)" }
        if let status { text += " (HTTP \(status))" }
        text += ": \(message)"
        if let requestID { text += " [request id \(requestID)]" }
        if attempts > 1 { text += " after \(attempts) attempts" }
        return text
    }
}
