import AWSSigV4
import Foundation
import SeededRandom

/// One generated request, as sent to the botocore oracle (see `scripts/sigv4_botocore_oracle.py`).
struct GeneratedCase: Codable, Sendable {
    struct QueryPair: Codable, Sendable {
        var key: String
        var value: String?
    }

    var id: Int
    var mode: String
    var s3: Bool
    var service: String
    var region: String
    var method: String
    var scheme: String
    var host: String
    /// S3: the raw key path (the oracle encodes it); other services: the path exactly as both signers get it.
    var path: String
    /// Raw (decoded) keys and values; the oracle encodes them.
    var query: [QueryPair]
    var headers: [[String]]
    var bodyBase64: String
    var accessKey: String
    var secretKey: String
    var token: String?
    var timestamp: String
    var unsigned: Bool
    var addContentSHA256Header: Bool
    var expires: Int
    /// How the Swift signer gets the URL: raw characters, or S3 path and query pre-escaped by the caller.
    var preEscaped: Bool
    var payloadAsHash: Bool
}

/// Generates requests that stress the canonical forms: paths with spaces, unicode, `+`, `%`, reserved
/// characters, dot and empty segments; queries with repeated, value-less and empty-valued keys; headers with odd
/// whitespace, repeats and unsigned names; empty, text and binary bodies; with and without a session token.
struct RequestGenerator {
    var random: SeededRandom

    init(seed: UInt64) { random = SeededRandom(seed: seed) }

    private mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &random)] }
    private mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }

    // `%` is always followed by a non-hex character, so a raw key never holds an accidental escape.
    static let pathPieces = [
        "a", "photos", "2025-11", "key", "x y", " ", "é", "ሴ", "日本", "+", "a+b", "%z", "100%!", "$", "!", "'",
        "(1)", "*", ",", ";", "=", ":", "@", "&", "~", "-", "_", ".", "..", "Z9", "💾",
    ]
    static let segmentExtras = [".", "..", ""]
    static let queryKeys = ["prefix", "max-keys", "list-type", "Action", "a b", "é", "key+", "x", "acl", ""]
    static let queryValues = ["", "J", "2", "a b", "a+b", "100%z", "é/ሴ", "x=y", "?", ":/@", "~._-", "日本"]
    static let headerNames = [
        "X-Custom", "x-amz-meta-note", "Content-Type", "X-Amz-Target", "Accept", "User-Agent", "X-Amzn-Trace-Id",
        "Range", "Cache-Control", "X-Amz-Storage-Class", "Expect",
    ]
    static let headerValues = [
        "value", "  leading", "trailing  ", "a   b", "a\tb", "\t tabbed \t", "", "café", "a, b", "x\t\t y  z",
        "application/x-amz-json-1.0", "DynamoDB_20120810.GetItem", "bytes=0-9", "100-continue",
    ]
    static let services = ["dynamodb", "ce", "lambda", "execute-api", "sts", "monitoring", "states"]
    static let regions = ["us-east-1", "eu-west-1", "ap-southeast-2", "us-gov-west-1"]

    mutating func next(id: Int) -> GeneratedCase {
        let s3 = chance(40)
        let service = s3 ? "s3" : pick(Self.services)
        let region = pick(Self.regions)
        let mode = chance(20) ? "query" : "header"
        let scheme = chance(85) ? "https" : "http"
        var host = s3 ? "examplebucket.s3.\(region).amazonaws.com" : "\(service).\(region).amazonaws.com"
        if chance(10) { host = host.uppercased() }
        if chance(10) { host += pick([":443", ":80", ":8443", ":4566"]) }
        if chance(5) { host = "127.0.0.1:\(Int.random(in: 1024...65535, using: &random))" }

        var segments: [String] = []
        for _ in 0..<Int.random(in: 0...5, using: &random) {
            segments.append((0..<Int.random(in: 1...3, using: &random)).map { _ in pick(Self.pathPieces) }.joined())
            if chance(15) { segments.append(pick(Self.segmentExtras)) }
        }
        // An empty path is sent as `/`; botocore's S3 signer would sign it empty (its serializers never make one).
        var path = segments.isEmpty ? (chance(80) || s3 ? "/" : "") : "/" + segments.joined(separator: "/")
        if !segments.isEmpty, chance(25) { path += "/" }
        if !s3, chance(20) { path += "/%41%2Fz%e2%82%ac" }  // already-escaped bytes in a non-S3 path

        var query: [GeneratedCase.QueryPair] = []
        var usedKeys: Set<String> = []
        for _ in 0..<Int.random(in: 0...5, using: &random) {
            let key = chance(70) ? pick(Self.queryKeys) : "k\(Int.random(in: 0...3, using: &random))"
            if mode == "query" && (usedKeys.contains(key) || key.isEmpty) { continue }
            usedKeys.insert(key)
            let value = chance(15) && !key.isEmpty ? nil : pick(Self.queryValues)  // `&&` would be an empty piece
            query.append(.init(key: key, value: value))
        }

        var headers: [[String]] = []
        for _ in 0..<Int.random(in: 0...6, using: &random) {
            var name = pick(Self.headerNames)
            if chance(30) { name = chance(50) ? name.lowercased() : name.uppercased() }
            headers.append([name, pick(Self.headerValues)])
        }

        var body: [UInt8] = []
        if mode == "header" {
            switch Int.random(in: 0..<4, using: &random) {
            case 0: body = []
            case 1: body = Array(#"{"TableName":"jobs","Key":{"job_id":{"S":"abc"}}}"#.utf8)
            case 2:
                body = (0..<Int.random(in: 1...200, using: &random)).map { _ in
                    UInt8.random(in: 0...255, using: &random)
                }
            default: body = Array("Welcome to Amazon S3. é ሴ".utf8)
            }
        }
        let token: String? = chance(40) ? "IQoJb3JpZ2luX2Vj/+=\(Int.random(in: 0...1_000_000, using: &random))" : nil
        let seconds = Int.random(in: 946_684_800...2_051_222_400, using: &random)  // 2000 ... 2035
        return GeneratedCase(
            id: id, mode: mode, s3: s3, service: service, region: region,
            method: pick(["GET", "PUT", "POST", "DELETE", "HEAD", "PATCH"]), scheme: scheme, host: host, path: path,
            query: query, headers: headers, bodyBase64: Data(body).base64EncodedString(),
            accessKey: "AKID\(Int.random(in: 100_000...999_999, using: &random))",
            secretKey: String(
                (0..<40).map { _ in pick(Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/+")) }),
            token: token, timestamp: SigV4Date(secondsSince1970: seconds).amzDate,
            // botocore hashes the body of a non-S3 presigned request over plain http even when told not to.
            unsigned: chance(s3 ? 30 : 10) && (s3 || mode == "header" || scheme == "https"),
            addContentSHA256Header: !s3 && chance(15),
            expires: Int.random(in: 1...604_800, using: &random), preEscaped: chance(40), payloadAsHash: chance(30)
        )
    }
}

extension GeneratedCase {
    /// Percent-encodes every UTF-8 byte outside the unreserved set (and `/` when `keepSlash`), written here
    /// independently of the signer's encoder.
    static func escape(_ text: String, keepSlash: Bool) -> String {
        let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)
        return text.utf8.map { byte in
            if unreserved.contains(byte) || (keepSlash && byte == UInt8(ascii: "/")) {
                return String(UnicodeScalar(byte))
            }
            return "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
        }.joined()
    }

    /// The URL as a caller hands it to the Swift signer.
    var swiftURL: String {
        var url = "\(scheme)://\(host)" + (s3 && preEscaped ? Self.escape(path, keepSlash: true) : path)
        if !query.isEmpty {
            url +=
                "?"
                + query.map { pair in
                    let key = preEscaped ? Self.escape(pair.key, keepSlash: false) : pair.key
                    guard let value = pair.value else { return key }
                    return key + "=" + (preEscaped ? Self.escape(value, keepSlash: false) : value)
                }.joined(separator: "&")
        }
        return url
    }

    var body: [UInt8] { Array(Data(base64Encoded: bodyBase64) ?? Data()) }

    /// The request, signer and inputs for the Swift side.
    func swiftInputs() -> (SigV4Signer, SigV4Request, AWSCredentials, SigV4Date) {
        let signer = SigV4Signer(
            service: service, region: region, addContentSHA256Header: addContentSHA256Header ? true : nil
        )
        let payload: SigV4Payload =
            unsigned ? .unsigned : payloadAsHash ? .hash(SigV4Crypto.sha256Hex(body)) : .bytes(body)
        let request = SigV4Request(
            method: method, url: swiftURL, headers: headers.map { ($0[0], $0[1]) }, payload: payload
        )
        let credentials = AWSCredentials(accessKeyID: accessKey, secretAccessKey: secretKey, sessionToken: token)
        return (signer, request, credentials, SigV4Date(amzDate: timestamp)!)
    }
}

extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
