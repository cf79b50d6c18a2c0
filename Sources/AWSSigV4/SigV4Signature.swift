/// The result of signing: the intermediate strings (for tests and debugging) and what to send.
public struct SigV4Signature: Sendable {
    /// The canonical request, exactly as hashed.
    public var canonicalRequest: String
    /// The string to sign, exactly as MACed.
    public var stringToSign: String
    /// The signature, 64 lowercase hex digits.
    public var signature: String
    /// Every header to send, given and added (`host`, `x-amz-date`, `x-amz-security-token`,
    /// `x-amz-content-sha256` when S3 or asked, `authorization`); repeated names sent once with their values
    /// comma-joined, values trimmed with inner whitespace runs collapsed, exactly as sent. For a presigned URL:
    /// the headers the URL was signed with (the caller must send them too).
    public var headers: [(name: String, value: String)]
    /// The URL as sent on the wire (encoded); the presigned URL for `presign`.
    public var url: String

    /// A signature from its parts (the signer builds these; tests may too).
    public init(
        canonicalRequest: String,
        stringToSign: String,
        signature: String,
        headers: [(name: String, value: String)],
        url: String
    ) {
        self.canonicalRequest = canonicalRequest
        self.stringToSign = stringToSign
        self.signature = signature
        self.headers = headers
        self.url = url
    }

    /// The value of the first header named `name` (compared case-insensitively), if sent.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }
}
