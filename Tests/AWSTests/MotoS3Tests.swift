import AWS
import AWSSigV4
import BackfillTesting
import HTTP
import Testing

@Suite("S3 against moto_server with signature checking")
struct MotoS3Tests {
    @Test("puts, heads, streams, lists and deletes objects")
    func objectLifecycle() async throws {
        try await MotoServer.withServer { moto in
            try await CurlHTTPClient.withClient { http in
                let s3 = S3Client(client: AWSClient(configuration: moto.configuration(), transport: http))
                try await s3.createBucket("data")
                let keys = ["2025-11/summary.json", "2025-11/a b~c_d-e.json", "2025-12/summary.json", "index.json"]
                for key in keys {
                    try await s3.putObject(
                        bucket: "data", key: key, body: Array("body of \(key)".utf8), contentType: "application/json",
                        metadata: ["origin": "test"])
                }
                let head = try #require(try await s3.headObject(bucket: "data", key: keys[1]))
                #expect(head.contentLength == "body of \(keys[1])".utf8.count)
                #expect(head.contentType == "application/json")
                #expect(head.userMetadata["origin"] == "test")
                #expect(try await s3.headObject(bucket: "data", key: "missing.json") == nil)

                let stream = try await s3.getObject(bucket: "data", key: keys[1])
                #expect(String(decoding: try await stream.collect(), as: UTF8.self) == "body of \(keys[1])")
                let missing = await #expect(throws: AWSError.self) {
                    _ = try await s3.getObject(bucket: "data", key: "missing.json")
                }
                #expect(missing?.serviceCode == "NoSuchKey")
                #expect(missing?.status == 404)

                // moto re-quotes the query before checking signatures, so only unreserved delimiters verify here;
                // the "/" delimiter's wire form is covered by S3WireTests.
                let rolledUp = try await s3.listObjectsV2(bucket: "data", delimiter: "-")
                #expect(rolledUp.commonPrefixes == ["2025-"])
                #expect(rolledUp.objects.map(\.key) == ["index.json"])
                let page = try await s3.listObjectsV2(bucket: "data", prefix: "2025-", maxKeys: 2)
                #expect(page.objects.count == 2)
                #expect(page.nextContinuationToken != nil)
                let all = try await s3.listAllObjects(bucket: "data", prefix: "2025-", pageSize: 1)
                #expect(all.map(\.key) == keys.filter { $0.hasPrefix("2025-") }.sorted())

                try await s3.deleteObject(bucket: "data", key: keys[1])
                #expect(try await s3.headObject(bucket: "data", key: keys[1]) == nil)
            }
        }
    }

    @Test("uploads a body over 8 MiB as a multipart upload and streams it back")
    func multipartPut() async throws {
        try await MotoServer.withServer { moto in
            try await CurlHTTPClient.withClient { http in
                let s3 = S3Client(client: AWSClient(configuration: moto.configuration(), transport: http))
                try await s3.createBucket("big")
                let body = (0..<(9 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 11) }
                let result = try await s3.putObject(bucket: "big", key: "raw/blob.bin", body: body)
                #expect(result.parts == 2)
                #expect(result.eTag?.hasSuffix("-2") == true)
                let stream = try await s3.getObject(bucket: "big", key: "raw/blob.bin")
                #expect(stream.metadata.contentLength == body.count)
                var received: [UInt8] = []
                var chunks = 0
                for try await chunk in stream.body {
                    received += chunk
                    chunks += 1
                }
                #expect(received == body)
                #expect(chunks > 1)
            }
        }
    }

    @Test("the upload writer turns chunks into parts, and a small write into one PutObject")
    func uploadWriter() async throws {
        try await MotoServer.withServer { moto in
            try await CurlHTTPClient.withClient { http in
                let s3 = S3Client(client: AWSClient(configuration: moto.configuration(), transport: http))
                try await s3.createBucket("parquet")
                let writer = S3UploadWriter(s3: s3, bucket: "parquet", key: "t/1.parquet", partSize: 5 << 20)
                var expected: [UInt8] = []
                for index in 0..<12 {
                    let chunk = [UInt8](repeating: UInt8(index), count: 1 << 20)
                    expected += chunk
                    try await writer.write(chunk)
                }
                let result = try await writer.finish()
                #expect(result.parts == 3)
                #expect(try await s3.getObjectBytes(bucket: "parquet", key: "t/1.parquet") == expected)

                let small = S3UploadWriter(s3: s3, bucket: "parquet", key: "t/small.parquet")
                try await small.write(Array("tiny".utf8))
                #expect(try await small.finish().parts == 0)
                #expect(try await s3.getObjectBytes(bucket: "parquet", key: "t/small.parquet") == Array("tiny".utf8))
            }
        }
    }

    @Test("a request signed with the wrong secret is rejected with 403 and its code surfaced")
    func wrongSecret() async throws {
        try await MotoServer.withServer { moto in
            await CurlHTTPClient.withClient { http in
                var wrong = moto.credentials
                wrong.secretAccessKey = String(wrong.secretAccessKey.reversed())
                let configuration = AWSConfiguration(
                    region: moto.region, credentials: wrong, endpointURL: moto.endpoint)
                let s3 = S3Client(client: AWSClient(configuration: configuration, transport: http))
                let s3Error = await #expect(throws: AWSError.self) { try await s3.createBucket("denied") }
                #expect(s3Error?.status == 403)
                #expect(s3Error?.serviceCode == "SignatureDoesNotMatch")
                let dynamo = DynamoDBClient(client: AWSClient(configuration: configuration, transport: http))
                let dynamoError = await #expect(throws: AWSError.self) { try await dynamo.describeTable("x") }
                #expect(dynamoError?.status == 403)
                #expect(
                    dynamoError?.serviceCode == "SignatureDoesNotMatch"
                        || dynamoError?.serviceCode == "InvalidSignatureException")
                #expect(dynamoError?.attempts == 1)
            }
        }
    }
}
