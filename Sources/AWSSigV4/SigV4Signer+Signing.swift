extension SigV4Signer {
    /// The header-signing steps, on a parsed URL. Every output string is written in place, once.
    func signWithHeader(
        _ request: SigV4Request,
        url: ParsedURL,
        credentials: AWSCredentials,
        date: SigV4Date
    ) -> SigV4Signature {
        let token = credentials.sessionToken
        let isUnsigned = if case .unsigned = request.payload { true } else { false }
        let setsContentHash = addContentSHA256Header ?? (pathRules == .s3 || isUnsigned)
        var headers = CanonicalHeaders(request.headers) { role in
            role == .amzDate || (token != nil && role == .securityToken) || (setsContentHash && role == .contentSHA256)
        }
        if !headers.hasHost, let host = url.hostHeader { headers.add("host", host, atFront: true) }
        headers.add("x-amz-date", date.amzDate)
        if let token { headers.add("x-amz-security-token", token, signed: signsSessionToken) }
        var payloadHash = headers.contentSHA256
        if setsContentHash {
            payloadHash = request.payload.canonicalHash()
            headers.add("x-amz-content-sha256", payloadHash!)
        }

        let order = headers.signedOrder()
        let query = CanonicalQuery(url.queryBytes)
        let canonical = canonicalRequest(
            method: request.method, url: url, query: query, headers: headers, order: order,
            payloadHash: payloadHash, payload: request.payload
        )
        let signed = stringToSign(canonicalDigest: canonical.digest, credentials: credentials, date: date)

        let scopeCount = self.scopeCount
        let authorization = String.build(
            capacity: 28 + credentials.accessKeyID.utf8.count + 1 + scopeCount + 16 + canonical.signedNames.count + 12
                + 64
        ) { out in
            out.append(literal: "AWS4-HMAC-SHA256 Credential=")
            out.append(utf8: credentials.accessKeyID)
            out.append(UInt8(ascii: "/"))
            appendScope(date: date, to: &out)
            out.append(literal: ", SignedHeaders=")
            canonical.text.utf8.withContiguousStorageIfAvailable {
                out.append(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: $0[canonical.signedNames])))
            }
            out.append(literal: ", Signature=")
            signed.signature.appendHex(to: &out)
        }
        headers.add("authorization", authorization)

        let wire = String.build(capacity: url.originCount + CanonicalPath.capacity(for: url.pathBytes) + 1 + query.capacity)
        { out in
            url.appendOrigin(to: &out)
            CanonicalPath.appendWire(url.pathBytes, rules: pathRules, to: &out)
            if !query.isEmpty {
                out.append(UInt8(ascii: "?"))
                query.appendWire(to: &out)
            }
        }
        return SigV4Signature(
            canonicalRequest: canonical.text,
            stringToSign: signed.text,
            signature: signed.signature.hex(),
            headers: headers.sent,
            url: wire
        )
    }

    /// The query-signing (presigned URL) steps, on a parsed URL.
    func signWithQuery(
        _ request: SigV4Request,
        url: ParsedURL,
        credentials: AWSCredentials,
        date: SigV4Date,
        expiresIn seconds: Int
    ) -> SigV4Signature {
        var headers = CanonicalHeaders(request.headers) { _ in false }
        if !headers.hasHost, let host = url.hostHeader { headers.add("host", host, atFront: true) }
        let order = headers.signedOrder()
        let signedNames = String.build(capacity: headers.signedNamesCount(order)) {
            headers.appendSignedNames(order, to: &$0)
        }
        let credential = String.build(capacity: credentials.accessKeyID.utf8.count + 1 + scopeCount) { out in
            out.append(utf8: credentials.accessKeyID)
            out.append(UInt8(ascii: "/"))
            appendScope(date: date, to: &out)
        }
        var query = CanonicalQuery(url.queryBytes)
        query.append(key: "X-Amz-Algorithm", value: "AWS4-HMAC-SHA256")
        query.append(key: "X-Amz-Credential", value: credential)
        query.append(key: "X-Amz-Date", value: date.amzDate)
        query.append(key: "X-Amz-SignedHeaders", value: signedNames)
        query.append(key: "X-Amz-Expires", value: String(seconds))
        let unsignedToken = signsSessionToken ? nil : credentials.sessionToken
        if let token = credentials.sessionToken, signsSessionToken {
            query.append(key: "X-Amz-Security-Token", value: token)
        }
        let canonical = canonicalRequest(
            method: request.method, url: url, query: query, headers: headers, order: order,
            payloadHash: pathRules == .s3 ? SigV4Payload.unsignedLiteral : nil, payload: request.payload
        )
        let signed = stringToSign(canonicalDigest: canonical.digest, credentials: credentials, date: date)

        let extra = (unsignedToken.map { 22 + 3 * $0.utf8.count } ?? 0) + 18 + 64
        let wire = String.build(
            capacity: url.originCount + CanonicalPath.capacity(for: url.pathBytes) + 1 + query.capacity + extra
        ) { out in
            url.appendOrigin(to: &out)
            CanonicalPath.appendWire(url.pathBytes, rules: pathRules, to: &out)
            out.append(UInt8(ascii: "?"))
            query.appendWire(to: &out)
            if let unsignedToken {
                out.append(literal: "&X-Amz-Security-Token=")
                SigV4URIEncoding.appendEncoded(unsignedToken, keepSlash: false, to: &out)
            }
            out.append(literal: "&X-Amz-Signature=")
            signed.signature.appendHex(to: &out)
        }
        return SigV4Signature(
            canonicalRequest: canonical.text,
            stringToSign: signed.text,
            signature: signed.signature.hex(),
            headers: headers.sent,
            url: wire
        )
    }

    /// The canonical request (METHOD, path, query, headers, signed names and payload hash — `payloadHash`, else
    /// the payload's — newline-separated), its SHA-256, and where the signed names sit in it.
    private func canonicalRequest(
        method: String,
        url: ParsedURL,
        query: CanonicalQuery,
        headers: CanonicalHeaders,
        order: [Int],
        payloadHash: String?,
        payload: SigV4Payload
    ) -> (text: String, digest: Digest, signedNames: Range<Int>) {
        var digest = Digest()
        var signedNames = 0..<0
        let capacity =
            method.utf8.count + 1 + CanonicalPath.capacity(for: url.pathBytes) + 1 + query.capacity + 1
            + headers.canonicalCount(order) + 1 + headers.signedNamesCount(order) + 1
            + (payloadHash?.utf8.count ?? payload.canonicalHashCount)
        let text = String.build(capacity: capacity) { out in
            out.append(utf8: method)
            out.append(UInt8(ascii: "\n"))
            CanonicalPath.appendCanonical(url.pathBytes, rules: pathRules, to: &out)
            out.append(UInt8(ascii: "\n"))
            query.appendCanonical(to: &out)
            out.append(UInt8(ascii: "\n"))
            headers.appendCanonical(order, to: &out)
            out.append(UInt8(ascii: "\n"))
            let namesStart = out.count
            headers.appendSignedNames(order, to: &out)
            signedNames = namesStart..<out.count
            out.append(UInt8(ascii: "\n"))
            if let payloadHash { out.append(utf8: payloadHash) } else { payload.appendCanonicalHash(to: &out) }
            digest = SigV4Crypto.sha256Digest(out.written)
        }
        return (text, digest, signedNames)
    }

    /// Bytes in `date/region/service/aws4_request`.
    private var scopeCount: Int { 8 + 1 + region.utf8.count + 1 + service.utf8.count + 13 }

    /// Appends `date/region/service/aws4_request`.
    private func appendScope(date: SigV4Date, to out: inout some ByteSink) {
        date.appendDateStamp(to: &out)
        out.append(UInt8(ascii: "/"))
        out.append(utf8: region)
        out.append(UInt8(ascii: "/"))
        out.append(utf8: service)
        out.append(literal: "/aws4_request")
    }

    /// The string to sign for a canonical request's digest, and its HMAC under the (cached) signing key.
    private func stringToSign(
        canonicalDigest: Digest,
        credentials: AWSCredentials,
        date: SigV4Date
    ) -> (text: String, signature: Digest) {
        let key = keyCache.key(secret: credentials.secretAccessKey, date: date, region: region, service: service)
        var signature = Digest()
        let text = String.build(capacity: 17 + 16 + 1 + scopeCount + 1 + 64) { out in
            out.append(literal: "AWS4-HMAC-SHA256\n")
            date.appendAmzDate(to: &out)
            out.append(UInt8(ascii: "\n"))
            appendScope(date: date, to: &out)
            out.append(UInt8(ascii: "\n"))
            canonicalDigest.appendHex(to: &out)
            signature = key.mac(out.written)
        }
        return (text, signature)
    }
}
