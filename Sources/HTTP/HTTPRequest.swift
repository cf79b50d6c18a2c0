/// One HTTP request: method, absolute URL (already percent-encoded as it should go on the wire), headers and body.
public struct HTTPRequest: Sendable {
    public var method: String
    /// The absolute URL exactly as it is sent, e.g. `http://127.0.0.1:9001/2018-06-01/runtime/invocation/next`.
    public var url: String
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// The whole request's time limit; nil waits forever (the Runtime API's `/next` needs that).
    public var timeout: Duration?

    public init(
        method: String = "GET",
        url: String,
        headers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8] = [],
        timeout: Duration? = .seconds(30)
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}
