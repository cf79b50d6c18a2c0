/// A request to be signed: what the caller intends to send.
public struct SigV4Request: Sendable {
    /// The HTTP method, e.g. `GET`; sent and signed as given (upper-case it yourself).
    public var method: String
    /// The absolute URL as the caller has it; it may already hold `%XX` escapes, which are kept.
    ///
    /// S3 paths may be given raw (`/my key.txt`) or escaped (`/my%20key.txt`): both are sent and signed as
    /// `/my%20key.txt`. Every other service signs the path exactly as given, encoded once more, as the AWS test
    /// suite and botocore do, so give those paths already escaped for the wire (``SigV4URIEncoding/encode(_:encodeSlash:)``
    /// per segment). Query keys and values are decoded and re-escaped (RFC 3986; `+` is a literal plus).
    public var url: String
    /// Headers to send and sign, in order; a name may repeat (its values are comma-joined).
    public var headers: [(name: String, value: String)]
    /// The body, its hash, or unsigned.
    public var payload: SigV4Payload

    /// A request from its parts; without headers or payload it is an empty-bodied request.
    public init(
        method: String,
        url: String,
        headers: [(name: String, value: String)] = [],
        payload: SigV4Payload = .bytes([])
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.payload = payload
    }
}
