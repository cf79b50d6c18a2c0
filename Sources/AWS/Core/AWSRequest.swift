public import HTTP

/// One call before signing: the service and operation (for errors and logs) and the HTTP request parts.
public struct AWSRequest: Sendable {
    public var service: AWSService
    public var operation: String
    public var method: String
    /// The absolute URL as it goes on the wire (path and query already percent-encoded).
    public var url: String
    /// Headers to sign and send, besides those the signer adds.
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// The time limit of one attempt.
    public var timeout: Duration?
    /// Attempts for this call, overriding the client's retry configuration (1: no retry); nil keeps it.
    public var maxAttempts: Int?

    public init(
        service: AWSService,
        operation: String,
        method: String,
        url: String,
        headers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8] = [],
        timeout: Duration? = .seconds(60)
    ) {
        self.service = service
        self.operation = operation
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}
