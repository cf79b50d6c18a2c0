import AWSSigV4
import BackfillTesting
import HTTP
import JSON
import Testing
import Timekeeping

@testable import AWS

/// Calls moto does not support (GetCostCategories), or whose wire details moto cannot check (S3 keys with
/// reserved characters), against loopback fakes speaking the same protocol.
@Suite("Protocols against loopback fakes")
struct LoopbackFakeTests {
    static func client(_ server: LoopbackHTTPServer, _ http: CurlHTTPClient) -> AWSClient {
        AWSClient(
            configuration: AWSConfiguration(
                region: "us-east-1", credentials: AWSCredentials(accessKeyID: "AKIDFAKE", secretAccessKey: "fake"),
                endpointURL: server.baseURL),
            transport: http)
    }

    @Test("GetCostCategories follows NextPageToken with JSON 1.1 headers")
    func costCategories() async throws {
        let requests = BlockingQueue<LoopbackRequest>()
        let server = try LoopbackHTTPServer { request in
            requests.put(request)
            let input = try? JSONParser.parse(request.body)
            let second = input?["NextPageToken"] == "page-2"
            let body =
                second
                ? #"{"CostCategoryNames":["team"],"ReturnSize":1,"TotalSize":2}"#
                : #"{"CostCategoryNames":["workload"],"NextPageToken":"page-2","ReturnSize":1,"TotalSize":2}"#
            return LoopbackResponse(status: 200, headers: ["Content-Type": "application/x-amz-json-1.1"], text: body)
        }
        defer { server.stop() }
        try await CurlHTTPClient.withClient { http in
            let ce = CostExplorerClient(client: Self.client(server, http))
            let result = try await ce.getCostCategories(
                start: CivilDate(year: 2025, month: 1, day: 1), end: CivilDate(year: 2025, month: 2, day: 1))
            #expect(result.names == ["workload", "team"])
        }
        let first = try #require(requests.take(timeoutSeconds: 1))
        #expect(first.headers["x-amz-target"] == "AWSInsightsIndexService.GetCostCategories")
        #expect(first.headers["content-type"] == "application/x-amz-json-1.1")
        #expect(first.headers["authorization"]?.contains("/us-east-1/ce/aws4_request") == true)
        #expect(try JSONParser.parse(first.body)["TimePeriod"]?["Start"] == "2025-01-01")
        #expect(requests.count == 1)
    }

    @Test("S3 keys with reserved characters are encoded once on the wire, and '/' delimiters listed")
    func s3WireEncoding() async throws {
        let targets = BlockingQueue<String>()
        let server = try LoopbackHTTPServer { request in
            targets.put(request.method + " " + request.target)
            if request.method == "GET" {
                return LoopbackResponse(
                    status: 200, headers: ["Content-Type": "application/xml"],
                    text: """
                        <ListBucketResult><IsTruncated>false</IsTruncated>
                        <CommonPrefixes><Prefix>2025-11/</Prefix></CommonPrefixes>
                        <CommonPrefixes><Prefix>2025-12/</Prefix></CommonPrefixes></ListBucketResult>
                        """)
            }
            return LoopbackResponse(status: 200, headers: ["ETag": "\"abc\""])
        }
        defer { server.stop() }
        try await CurlHTTPClient.withClient { http in
            let s3 = S3Client(client: Self.client(server, http))
            let put = try await s3.putObject(bucket: "data", key: "2025-11/a b+c&d=é%.json", body: [1])
            #expect(put.eTag == "abc")
            let page = try await s3.listObjectsV2(bucket: "data", delimiter: "/")
            #expect(page.commonPrefixes == ["2025-11/", "2025-12/"])
            #expect(page.nextContinuationToken == nil)
        }
        #expect(targets.take(timeoutSeconds: 1) == "PUT /data/2025-11/a%20b%2Bc%26d%3D%C3%A9%25.json")
        #expect(targets.take(timeoutSeconds: 1) == "GET /data?list-type=2&delimiter=%2F")
    }

    @Test("Lambda reports a function error, and a REST-JSON error by its x-amzn-ErrorType header")
    func lambdaErrors() async throws {
        let server = try LoopbackHTTPServer { request in
            if request.path.contains("/absent/") {
                return LoopbackResponse(
                    status: 404, headers: ["x-amzn-ErrorType": "ResourceNotFoundException", "x-amzn-RequestId": "L1"],
                    text: #"{"Message":"Function not found"}"#)
            }
            return LoopbackResponse(
                status: 200, headers: ["X-Amz-Function-Error": "Unhandled", "X-Amz-Executed-Version": "$LATEST"],
                text: #"{"errorMessage":"boom","errorType":"Error"}"#)
        }
        defer { server.stop() }
        try await CurlHTTPClient.withClient { http in
            let lambda = LambdaClient(client: Self.client(server, http))
            let failed = try await lambda.invoke(function: "worker", payload: Array("{}".utf8))
            #expect(failed.functionError == "Unhandled")
            #expect(failed.executedVersion == "$LATEST")
            let missing = await #expect(throws: AWSError.self) {
                _ = try await lambda.invoke(function: "absent", payload: Array("{}".utf8))
            }
            #expect(missing?.serviceCode == "ResourceNotFoundException")
            #expect(missing?.message == "Function not found")
            #expect(missing?.requestID == "L1")
        }
    }

    @Test("BatchWriteItem sends unprocessed items again after growing pauses on the injected clock")
    func batchWriteRetry() async throws {
        let unprocessed = #"{"UnprocessedItems":{"T":[{"PutRequest":{"Item":{"pk":{"S":"k3"}}}}]}}"#
        let transport = ScriptedTransport([
            .json(200, unprocessed), .json(200, unprocessed), .json(200, #"{"UnprocessedItems":{}}"#),
            .json(200, #"{"UnprocessedItems":{}}"#),
        ])
        let time = ManualTimeSource()
        let client = AWSClient(
            configuration: AWSConfiguration(
                region: "us-east-1", credentials: AWSCredentials(accessKeyID: "A", secretAccessKey: "s"),
                endpointURL: "http://127.0.0.1:9"),
            transport: transport, timeSource: time)
        let writes: [DynamoDBClient.WriteRequest] = (0..<30).map { .put(["pk": .string("k\($0)")]) }
        try await DynamoDBClient(client: client).batchWrite(table: "T", writes)
        #expect(time.sleeps == [.milliseconds(100), .milliseconds(200)])
        let bodies = try transport.requests.map { try JSONParser.parse($0.body) }
        #expect(bodies.map { $0["RequestItems"]?["T"]?.arrayValue?.count } == [25, 1, 1, 5])

        let stuck = ScriptedTransport(fallback: { _ in
            HTTPResponse(status: 200, body: Array(unprocessed.utf8))
        })
        let stuckClient = AWSClient(
            configuration: client.configuration, transport: stuck, timeSource: ManualTimeSource())
        let error = await #expect(throws: AWSError.self) {
            try await DynamoDBClient(client: stuckClient).batchWrite(table: "T", [.put(["pk": "k3"])], maxRounds: 3)
        }
        #expect(error?.serviceCode == "ProvisionedThroughputExceededException")
        #expect(stuck.requests.count == 3)
    }

    @Test("a failed part aborts the multipart upload")
    func writerAbortsOnFailure() async throws {
        let methods = BlockingQueue<String>()
        let server = try LoopbackHTTPServer { request in
            methods.put("\(request.method) \(request.query)")
            switch request.method {
            case "POST":
                return LoopbackResponse(
                    status: 200,
                    text: "<InitiateMultipartUploadResult><UploadId>U1</UploadId></InitiateMultipartUploadResult>")
            case "PUT":
                return LoopbackResponse(
                    status: 400, text: "<Error><Code>EntityTooSmall</Code><Message>small</Message></Error>")
            default:
                return LoopbackResponse(status: 204)
            }
        }
        defer { server.stop() }
        await CurlHTTPClient.withClient { http in
            let s3 = S3Client(client: Self.client(server, http))
            let writer = S3UploadWriter(s3: s3, bucket: "b", key: "k", partSize: 5 << 20)
            let error = await #expect(throws: AWSError.self) {
                try await writer.write([UInt8](repeating: 1, count: 5 << 20))
            }
            #expect(error?.serviceCode == "EntityTooSmall")
            await #expect(throws: AWSError.self) { try await writer.write([1]) }
        }
        #expect(methods.take(timeoutSeconds: 1) == "POST uploads=")
        #expect(methods.take(timeoutSeconds: 1) == "PUT partNumber=1&uploadId=U1")
        #expect(methods.take(timeoutSeconds: 1) == "DELETE uploadId=U1")
    }
}
