import CCrypto

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
        let url = ParsedURL(request.url)
        let token = credentials.sessionToken
        let isUnsigned = if case .unsigned = request.payload { true } else { false }
        let setsContentHash = addContentSHA256Header ?? (pathRules == .s3 || isUnsigned)
        var headers = CanonicalHeaders(request.headers) { name in
            name == "authorization" || name == "x-amz-date"
                || (token != nil && name == "x-amz-security-token")
                || (setsContentHash && name == "x-amz-content-sha256")
        }
        if !headers.contains("host"), let host = url.hostHeader { headers.add("host", host, atFront: true) }
        headers.add("x-amz-date", date.amzDate)
        if let token { headers.add("x-amz-security-token", token, signed: signsSessionToken) }
        let payloadHash: String
        if setsContentHash {
            payloadHash = request.payload.canonicalHash()
            headers.add("x-amz-content-sha256", payloadHash)
        } else {
            payloadHash = headers.value(of: "x-amz-content-sha256") ?? request.payload.canonicalHash()
        }

        let sorted = headers.signedSorted()
        var signedNames: [UInt8] = []
        signedNames.reserveCapacity(64)
        CanonicalHeaders.appendSignedNames(sorted, to: &signedNames)
        let query = CanonicalQuery(url.query.map { url.bytes[$0] })
        let canonical = canonicalRequest(
            method: request.method, url: url, query: query, sorted: sorted, signedNames: signedNames,
            payloadHash: payloadHash
        )
        let signed = finish(canonical: canonical, credentials: credentials, date: date)

        var authorization: [UInt8] = Array("AWS4-HMAC-SHA256 Credential=".utf8)
        authorization.reserveCapacity(200)
        authorization.append(contentsOf: credentials.accessKeyID.utf8)
        authorization.append(UInt8(ascii: "/"))
        appendScope(date: date, to: &authorization)
        authorization.append(contentsOf: ", SignedHeaders=".utf8)
        authorization.append(contentsOf: signedNames)
        authorization.append(contentsOf: ", Signature=".utf8)
        signed.signature.appendHex(to: &authorization)
        headers.add("authorization", String(decoding: authorization, as: UTF8.self))

        var wire: [UInt8] = []
        wire.reserveCapacity(url.bytes.count + 16)
        url.appendOrigin(to: &wire)
        CanonicalPath.appendWire(url.bytes[url.path], rules: pathRules, to: &wire)
        if !query.isEmpty {
            wire.append(UInt8(ascii: "?"))
            query.appendWire(to: &wire)
        }
        return SigV4Signature(
            canonicalRequest: String(decoding: canonical, as: UTF8.self),
            stringToSign: String(decoding: signed.stringToSign, as: UTF8.self),
            signature: signed.signature.hex(),
            headers: headers.sent,
            url: String(decoding: wire, as: UTF8.self)
        )
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
        let url = ParsedURL(request.url)
        var headers = CanonicalHeaders(request.headers) { $0 == "authorization" }
        if !headers.contains("host"), let host = url.hostHeader { headers.add("host", host, atFront: true) }
        let sorted = headers.signedSorted()
        var signedNames: [UInt8] = []
        CanonicalHeaders.appendSignedNames(sorted, to: &signedNames)

        var credential: [UInt8] = Array(credentials.accessKeyID.utf8)
        credential.append(UInt8(ascii: "/"))
        appendScope(date: date, to: &credential)
        var query = CanonicalQuery(url.query.map { url.bytes[$0] })
        query.append(key: "X-Amz-Algorithm", value: "AWS4-HMAC-SHA256")
        query.append(key: "X-Amz-Credential", value: String(decoding: credential, as: UTF8.self))
        query.append(key: "X-Amz-Date", value: date.amzDate)
        query.append(key: "X-Amz-SignedHeaders", value: String(decoding: signedNames, as: UTF8.self))
        query.append(key: "X-Amz-Expires", value: String(seconds))
        if let token = credentials.sessionToken, signsSessionToken {
            query.append(key: "X-Amz-Security-Token", value: token)
        }
        let payloadHash = pathRules == .s3 ? SigV4Payload.unsignedLiteral : request.payload.canonicalHash()
        let canonical = canonicalRequest(
            method: request.method, url: url, query: query, sorted: sorted, signedNames: signedNames,
            payloadHash: payloadHash
        )
        let signed = finish(canonical: canonical, credentials: credentials, date: date)

        var wire: [UInt8] = []
        url.appendOrigin(to: &wire)
        CanonicalPath.appendWire(url.bytes[url.path], rules: pathRules, to: &wire)
        wire.append(UInt8(ascii: "?"))
        query.appendWire(to: &wire)
        if let token = credentials.sessionToken, !signsSessionToken {
            wire.append(contentsOf: "&X-Amz-Security-Token=".utf8)
            SigV4URIEncoding.appendEncoded(token.utf8, keepSlash: false, to: &wire)
        }
        wire.append(contentsOf: "&X-Amz-Signature=".utf8)
        signed.signature.appendHex(to: &wire)
        return SigV4Signature(
            canonicalRequest: String(decoding: canonical, as: UTF8.self),
            stringToSign: String(decoding: signed.stringToSign, as: UTF8.self),
            signature: signed.signature.hex(),
            headers: headers.sent,
            url: String(decoding: wire, as: UTF8.self)
        )
    }

    /// METHOD, path, query, headers, signed names and payload hash, newline-separated.
    private func canonicalRequest(
        method: String,
        url: ParsedURL,
        query: CanonicalQuery,
        sorted: [CanonicalHeaders.Group],
        signedNames: [UInt8],
        payloadHash: String
    ) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        out.append(contentsOf: method.utf8)
        out.append(UInt8(ascii: "\n"))
        CanonicalPath.appendCanonical(url.bytes[url.path], rules: pathRules, to: &out)
        out.append(UInt8(ascii: "\n"))
        query.appendCanonical(to: &out)
        out.append(UInt8(ascii: "\n"))
        CanonicalHeaders.appendCanonical(sorted, to: &out)
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: signedNames)
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: payloadHash.utf8)
        return out
    }

    /// `date/region/service/aws4_request`.
    private func appendScope(date: SigV4Date, to out: inout [UInt8]) {
        date.appendDateStamp(to: &out)
        out.append(UInt8(ascii: "/"))
        out.append(contentsOf: region.utf8)
        out.append(UInt8(ascii: "/"))
        out.append(contentsOf: service.utf8)
        out.append(contentsOf: "/aws4_request".utf8)
    }

    /// The string to sign for `canonical` and its HMAC under the (cached) signing key.
    private func finish(
        canonical: [UInt8],
        credentials: AWSCredentials,
        date: SigV4Date
    ) -> (stringToSign: [UInt8], signature: Digest) {
        var stringToSign: [UInt8] = Array("AWS4-HMAC-SHA256\n".utf8)
        stringToSign.reserveCapacity(160)
        date.appendAmzDate(to: &stringToSign)
        stringToSign.append(UInt8(ascii: "\n"))
        appendScope(date: date, to: &stringToSign)
        stringToSign.append(UInt8(ascii: "\n"))
        var digest = Digest()
        canonical.withUnsafeBytes { input in
            withUnsafeMutableBytes(of: &digest.bytes) { out in
                bf_sha256(input.baseAddress, input.count, out.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
        }
        digest.appendHex(to: &stringToSign)
        let key = keyCache.key(secret: credentials.secretAccessKey, date: date, region: region, service: service)
        let signature = stringToSign.withUnsafeBytes { key.mac($0) }
        return (stringToSign, signature)
    }
}
