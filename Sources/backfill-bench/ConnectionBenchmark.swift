import AWS
import AWSSigV4
import BackfillTesting
import HTTP

#if canImport(Glibc)
    import Glibc
#endif

/// `backfill-bench connections [N]`: N sequential signed DynamoDB GetItem calls through `AWSClient` on the libcurl
/// transport to a loopback server; prints the TCP connections the server accepted (keep-alive means 1) and the
/// request rate.
enum ConnectionBenchmark {
    static func run(_ arguments: [String]) async throws {
        let count = arguments.first.flatMap { Int($0) } ?? 1000
        let server = try LoopbackHTTPServer { _ in
            LoopbackResponse(
                status: 200, headers: ["Content-Type": "application/x-amz-json-1.0", "x-amzn-RequestId": "bench"],
                text: #"{"Item":{"pk":{"S":"k"},"n":{"N":"1"}}}"#)
        }
        defer { server.stop() }
        let configuration = AWSConfiguration(
            region: "us-east-1", credentials: AWSCredentials(accessKeyID: "AKIDBENCH", secretAccessKey: "bench"),
            endpointURL: server.baseURL)
        try await AWSClient.withClient(configuration: configuration) { client in
            let dynamo = DynamoDBClient(client: client)
            let clock = ContinuousClock()
            let start = clock.now
            for _ in 0..<count {
                _ = try await dynamo.getItem(table: "bench", key: ["pk": "k"])
            }
            let elapsed = (clock.now - start).seconds
            print("requests: \(count)")
            print("connections_accepted: \(server.connectionsAccepted)")
            print("requests_per_second: \(Int((Double(count) / elapsed).rounded())) req/s")
        }
    }
}

extension Duration {
    fileprivate var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
