import AWSSigV4
import Testing

/// Behaviour beyond the suite: the S3 and non-S3 path rules, headers the signer adds or leaves unsigned,
/// hosts and ports, query canonicalization, and the shared key cache.
@Suite("SigV4Signer rules")
struct SigV4SignerTests {
    let credentials = AWSCredentials(
        accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    let date = SigV4Date(amzDate: "20150830T123600Z")!

    private func lines(_ signature: SigV4Signature) -> [Substring] {
        signature.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false)
    }

    @Test("S3 encodes the path once and never normalizes it; other services normalize and encode twice")
    func pathRules() {
        let url = "https://host.example/a//b/./c/../d%2Fe f"
        let s3 = SigV4Signer(service: "s3", region: "us-east-1").sign(
            .init(method: "GET", url: url), credentials: credentials, date: date)
        #expect(lines(s3)[1] == "/a//b/./c/../d%2Fe%20f")
        #expect(s3.url == "https://host.example/a//b/./c/../d%2Fe%20f")
        let other = SigV4Signer(service: "execute-api", region: "us-east-1").sign(
            .init(method: "GET", url: url), credentials: credentials, date: date)
        #expect(lines(other)[1] == "/a/b/d%252Fe%20f")
        #expect(other.url == "https://host.example/a//b/./c/../d%2Fe%20f")
    }

    @Test("an S3 key may be given raw or already escaped, with the same result")
    func s3KeyForms() {
        let signer = SigV4Signer(service: "s3", region: "eu-west-1")
        let raw = signer.sign(
            .init(method: "GET", url: "https://b.s3.amazonaws.com/2025 11/é+x.json"), credentials: credentials,
            date: date)
        let escaped = signer.sign(
            .init(method: "GET", url: "https://b.s3.amazonaws.com/2025%2011/%C3%A9%2Bx.json"), credentials: credentials,
            date: date)
        #expect(raw.signature == escaped.signature)
        #expect(raw.url == "https://b.s3.amazonaws.com/2025%2011/%C3%A9%2Bx.json")
    }

    @Test("S3 gets x-amz-content-sha256, UNSIGNED-PAYLOAD when asked, and other services only when asked")
    func contentHashHeader() {
        let body: [UInt8] = Array("hello".utf8)
        let s3 = SigV4Signer(service: "s3", region: "us-east-1")
        let signed = s3.sign(
            .init(method: "PUT", url: "https://b.s3.amazonaws.com/k", payload: .bytes(body)), credentials: credentials,
            date: date)
        #expect(signed.header("x-amz-content-sha256") == SigV4Crypto.sha256Hex(body))
        let unsigned = s3.sign(
            .init(method: "PUT", url: "https://b.s3.amazonaws.com/k", payload: .unsigned), credentials: credentials,
            date: date)
        #expect(unsigned.header("x-amz-content-sha256") == "UNSIGNED-PAYLOAD")
        #expect(lines(unsigned).last == "UNSIGNED-PAYLOAD")
        let dynamo = SigV4Signer(service: "dynamodb", region: "us-east-1")
        let plain = dynamo.sign(
            .init(method: "POST", url: "https://dynamodb.us-east-1.amazonaws.com/", payload: .bytes(body)),
            credentials: credentials, date: date)
        #expect(plain.header("x-amz-content-sha256") == nil)
        #expect(lines(plain).last.map(String.init) == SigV4Crypto.sha256Hex(body))
        let asked = SigV4Signer(service: "dynamodb", region: "us-east-1", addContentSHA256Header: true)
            .sign(
                .init(method: "POST", url: "https://dynamodb.us-east-1.amazonaws.com/", payload: .hash("ab12")),
                credentials: credentials, date: date)
        #expect(asked.header("x-amz-content-sha256") == "ab12")
    }

    @Test("the session token is sent and signed, or sent unsigned when asked")
    func sessionToken() {
        let withToken = AWSCredentials(accessKeyID: "AKID", secretAccessKey: "secret", sessionToken: "tok/en+=")
        let request = SigV4Request(
            method: "GET", url: "https://sts.amazonaws.com/", headers: [("X-Amz-Security-Token", "stale")])
        let signed = SigV4Signer(service: "sts", region: "us-east-1").sign(request, credentials: withToken, date: date)
        #expect(signed.header("x-amz-security-token") == "tok/en+=")
        #expect(signed.headers.filter { $0.name.lowercased() == "x-amz-security-token" }.count == 1)
        #expect(signed.canonicalRequest.contains("x-amz-security-token:tok/en+=\n"))
        let unsigned = SigV4Signer(service: "sts", region: "us-east-1", signsSessionToken: false).sign(
            request, credentials: withToken, date: date)
        #expect(unsigned.header("x-amz-security-token") == "tok/en+=")
        #expect(!unsigned.canonicalRequest.contains("x-amz-security-token"))
        let presigned = SigV4Signer(service: "s3", region: "us-east-1").presign(
            .init(method: "GET", url: "https://b.s3.amazonaws.com/k"), credentials: withToken, date: date, expiresIn: 60
        )
        #expect(presigned.url.contains("X-Amz-Security-Token=tok%2Fen%2B%3D"))
        #expect(presigned.canonicalRequest.contains("X-Amz-Security-Token=tok%2Fen%2B%3D"))
    }

    @Test("hop-by-hop and user-agent headers are sent but not signed; given authorization and x-amz-date are replaced")
    func unsignedAndReplacedHeaders() {
        let request = SigV4Request(
            method: "GET", url: "https://ce.us-east-1.amazonaws.com/",
            headers: [
                ("User-Agent", "backfill/1.0"), ("Expect", "100-continue"), ("Authorization", "old"),
                ("X-Amz-Date", "old"),
            ])
        let signed = SigV4Signer(service: "ce", region: "us-east-1").sign(request, credentials: credentials, date: date)
        #expect(signed.header("user-agent") == "backfill/1.0")
        #expect(signed.header("expect") == "100-continue")
        #expect(signed.header("x-amz-date") == "20150830T123600Z")
        #expect(
            signed.header("authorization")?.hasPrefix(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/ce/aws4_request, SignedHeaders=host;x-amz-date, Signature="
            ) == true)
        #expect(signed.headers.count == 5)
    }

    @Test(
        "the Host header drops the scheme's default port, keeps others, and lower-cases the name",
        arguments: [
            ("https://Example.COM:443/", "example.com"), ("http://example.com:80/", "example.com"),
            ("https://example.com:8443/", "example.com:8443"), ("http://127.0.0.1:4566/", "127.0.0.1:4566"),
            ("https://user:pw@example.com/", "example.com"), ("http://[::1]:9000/x", "[::1]:9000"),
        ])
    func hostHeader(url: String, host: String) {
        let signed = SigV4Signer(service: "s3", region: "us-east-1").sign(
            .init(method: "GET", url: url), credentials: credentials, date: date)
        #expect(signed.header("host") == host)
        #expect(lines(signed)[3] == "host:\(host)")
        #expect(!signed.url.contains("pw@"))
    }

    @Test("query parameters sort by encoded key then value, keep empty values, and go on the wire escaped")
    func query() {
        let url = "https://b.s3.amazonaws.com/?prefix=a b&list-type=2&acl&prefix=A&%7e=x&plus=1+1"
        let signed = SigV4Signer(service: "s3", region: "us-east-1").sign(
            .init(method: "GET", url: url), credentials: credentials, date: date)
        #expect(lines(signed)[2] == "acl=&list-type=2&plus=1%2B1&prefix=A&prefix=a%20b&~=x")
        #expect(signed.url == "https://b.s3.amazonaws.com/?prefix=a%20b&list-type=2&acl&prefix=A&~=x&plus=1%2B1")
    }

    @Test("one signer shared by many tasks signs exactly as fresh signers do")
    func concurrentSigning() async {
        let signer = SigV4Signer(service: "dynamodb", region: "us-east-1")
        let keys = (0..<6).map { AWSCredentials(accessKeyID: "AKID\($0)", secretAccessKey: "secret-\($0)") }
        let results = await withTaskGroup(of: (Int, String).self) { group in
            for index in 0..<400 {
                group.addTask {
                    let date = SigV4Date(secondsSince1970: 1_700_000_000 + (index % 5) * 86_400)
                    let request = SigV4Request(
                        method: "POST", url: "https://dynamodb.us-east-1.amazonaws.com/",
                        payload: .bytes([UInt8(index % 7)]))
                    return (index, signer.sign(request, credentials: keys[index % keys.count], date: date).signature)
                }
            }
            var results: [Int: String] = [:]
            for await (index, signature) in group { results[index] = signature }
            return results
        }
        #expect(results.count == 400)
        for (index, signature) in results {
            let date = SigV4Date(secondsSince1970: 1_700_000_000 + (index % 5) * 86_400)
            let request = SigV4Request(
                method: "POST", url: "https://dynamodb.us-east-1.amazonaws.com/", payload: .bytes([UInt8(index % 7)]))
            let fresh = SigV4Signer(service: "dynamodb", region: "us-east-1").sign(
                request, credentials: keys[index % keys.count], date: date)
            #expect(signature == fresh.signature)
        }
    }

    @Test("credentials never print their secret or token")
    func credentialsDescription() {
        let described = String(
            describing: AWSCredentials(accessKeyID: "AKID", secretAccessKey: "s3cr3t", sessionToken: "t0k3n"))
        #expect(described.contains("AKID"))
        #expect(!described.contains("s3cr3t"))
        #expect(!described.contains("t0k3n"))
    }
}
