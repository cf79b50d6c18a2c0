/// The access key pair (and, for temporary credentials, the session token) a request is signed with.
///
/// `description` never shows the secret or the token, so a credentials value is safe to log by accident.
public struct AWSCredentials: Sendable, Hashable, CustomStringConvertible {
    public var accessKeyID: String
    public var secretAccessKey: String
    public var sessionToken: String?

    /// Credentials from their parts; `sessionToken` is set for temporary (STS) credentials.
    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    /// Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and the optional `AWS_SESSION_TOKEN`, read
    /// from the environment dictionary given (the caller reads the process environment once and passes it in).
    ///
    /// Throws ``SigV4Error/Code-swift.enum/missingCredentials`` naming the first missing or empty variable.
    public init(environment: [String: String]) throws(SigV4Error) {
        func required(_ name: String) throws(SigV4Error) -> String {
            guard let value = environment[name], !value.isEmpty else {
                throw SigV4Error(
                    .missingCredentials,
                    "environment variable \(name) is not set; export it (and its partner key) to sign requests",
                    context: ["variable": name]
                )
            }
            return value
        }
        let accessKeyID = try required("AWS_ACCESS_KEY_ID")
        let secretAccessKey = try required("AWS_SECRET_ACCESS_KEY")
        let token = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        self.init(accessKeyID: accessKeyID, secretAccessKey: secretAccessKey, sessionToken: token)
    }

    /// The access key id and whether a token is present; never the secret or the token itself.
    public var description: String {
        "AWSCredentials(accessKeyID: \(accessKeyID), secretAccessKey: <redacted>, sessionToken: "
            + (sessionToken == nil ? "none)" : "<redacted>)")
    }
}
