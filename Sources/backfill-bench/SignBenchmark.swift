import AWSSigV4

/// `backfill-bench sign [N] [--signer-only]`: SigV4 signatures per second for a small DynamoDB GetItem (POST, two headers,
/// 60-byte body, session token), plus the crypto primitives that decide the figure.
enum SignBenchmark {
    static let body = Array(#"{"TableName":"BackfillJobs","Key":{"job_id":{"S":"job-42"}}}"#.utf8)

    static func run(_ arguments: [String]) async throws {
        let count = arguments.first.flatMap { Int($0) } ?? 200_000
        let signer = SigV4Signer(service: "dynamodb", region: "us-east-1")
        let credentials = AWSCredentials(
            accessKeyID: "AKIDEXAMPLE",
            secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            sessionToken: "token"
        )
        let request = SigV4Request(
            method: "POST",
            url: "https://dynamodb.us-east-1.amazonaws.com/",
            headers: [("Content-Type", "application/x-amz-json-1.0"), ("X-Amz-Target", "DynamoDB_20120810.GetItem")],
            payload: .bytes(body)
        )
        // The date is made per signature, from a moving clock, as a client does.
        var now = 1_700_000_000
        let perSignature = measure(count) {
            now += 1
            return signer.sign(request, credentials: credentials, date: SigV4Date(secondsSince1970: now / 1_000))
                .signature
        }
        print("sign: \(format(perSignature * 1e6)) us/signature (\(Int(1 / perSignature))/s)")
        if arguments.contains("--signer-only") { return }

        let date = SigV4Date(secondsSince1970: 1_700_000_000)
        let cold = measure(count / 20) {
            SigV4Signer(service: "dynamodb", region: "us-east-1")
                .sign(request, credentials: credentials, date: date).signature
        }
        print("sign-cold-key: \(format(cold * 1e6)) us/signature (new signer: key derived every time)")

        let key = Array(repeating: UInt8(7), count: 32)
        let message = Array(repeating: UInt8(ascii: "a"), count: 150)
        let evp = measure(count) { SigV4Crypto.hmacSHA256ViaEVP(key: key, data: message) }
        let blocks = measure(count) { SigV4Crypto.hmacSHA256(key: key, data: message) }
        print("hmac-evp-oneshot: \(format(evp * 1e9)) ns/op (OpenSSL HMAC(), digest fetched per call)")
        print("hmac-block-functions: \(format(blocks * 1e9)) ns/op (SHA256_* contexts; the signer also reuses the key)")
        let canonical = Array(repeating: UInt8(ascii: "x"), count: 400)
        let sha = measure(count) { SigV4Crypto.sha256Hex(canonical) }
        print("sha256-400B-hex: \(format(sha * 1e9)) ns/op")
    }

    /// Seconds per call of `body`, after a warm-up; the results feed a checksum so nothing is optimized away.
    private static func measure<T: Collection>(_ iterations: Int, _ body: () -> T) -> Double {
        var checksum = 0
        for _ in 0..<max(1, iterations / 10) { checksum &+= body().count }
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for _ in 0..<iterations { checksum &+= body().count }
        }
        if checksum == 42 { print("") }
        let (seconds, attoseconds) = elapsed.components
        return (Double(seconds) + Double(attoseconds) * 1e-18) / Double(iterations)
    }

    private static func format(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded >= 100 ? String(Int(rounded)) : String(rounded)
    }
}
