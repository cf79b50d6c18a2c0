/// Signs requests with AWS Signature Version 4, by `Authorization` header or as a presigned URL.
///
/// Pure: no I/O, no clock (the date is passed in). Derived signing keys are cached per
/// (secret, date, region, service), so one signer can be shared by every task of a client.
///
/// Rules beyond the SigV4 spec that matter in practice:
/// - Headers `connection`, `expect`, `keep-alive`, `proxy-authenticate`, `proxy-authorization`, `te`, `trailer`,
///   `transfer-encoding`, `upgrade`, `user-agent` and `x-amzn-trace-id` are sent but never signed (as botocore),
///   since proxies may rewrite them; a given `authorization` or `x-amz-date` is replaced.
/// - A caller's `x-amz-content-sha256` header, when the signer does not set that header itself, is taken as the
///   payload hash (as botocore).
public struct SigV4Signer: Sendable {
    /// How the path is put on the wire and into the canonical request.
    public enum PathRules: Sendable, Hashable {
        /// S3: the path encoded once (as sent) and never normalized; `a//b/../c` names an object.
        case s3
        /// Every other service: the path normalized (`.`/`..` and empty segments removed) and encoded a second
        /// time (`%` becomes `%25`).
        case standard
        /// Encoded a second time but not normalized: the test suite's `normalize: false` cases. No AWS service
        /// needs this; it exists so the whole suite can be checked.
        case unnormalized
    }

    /// The signing name of the service, e.g. `s3`, `dynamodb`, `ce`.
    public let service: String
    /// The region signed for, e.g. `us-east-1`.
    public let region: String
    public let pathRules: PathRules
    /// Whether to send and sign `x-amz-content-sha256`; nil means for S3 and for unsigned payloads only.
    public let addContentSHA256Header: Bool?
    /// Whether the session token is part of the signature (true for every AWS service; the test suite's
    /// `omit_session_token` cases sign without it and add it afterwards).
    public let signsSessionToken: Bool

    let keyCache = SigningKeyCache()

    /// A signer for `service` in `region`. `pathRules` defaults to `.s3` when `service == "s3"`, else `.standard`.
    public init(
        service: String,
        region: String,
        pathRules: PathRules? = nil,
        addContentSHA256Header: Bool? = nil,
        signsSessionToken: Bool = true
    ) {
        self.service = service
        self.region = region
        self.pathRules = pathRules ?? (service == "s3" ? .s3 : .standard)
        self.addContentSHA256Header = addContentSHA256Header
        self.signsSessionToken = signsSessionToken
    }

    /// Signs `request` with an `Authorization` header: the result's `headers` are what to send.
    public func sign(_ request: SigV4Request, credentials: AWSCredentials, date: SigV4Date) -> SigV4Signature {
        var url = request.url
        return url.withUTF8 { signWithHeader(request, url: ParsedURL($0), credentials: credentials, date: date) }
    }

    /// Signs `request` into a URL valid for `seconds` (AWS accepts 1...604800). The result's `url` carries the
    /// signature; its `headers` (at least `host`) were signed and must be sent with it. For S3 the payload is
    /// always `UNSIGNED-PAYLOAD`, as S3 requires of presigned URLs.
    public func presign(
        _ request: SigV4Request,
        credentials: AWSCredentials,
        date: SigV4Date,
        expiresIn seconds: Int
    ) -> SigV4Signature {
        var url = request.url
        return url.withUTF8 {
            signWithQuery(request, url: ParsedURL($0), credentials: credentials, date: date, expiresIn: seconds)
        }
    }
}
