import HTTP
import JSON
import Testing
import Timekeeping

@testable import AWS

@Suite("Endpoints, the XML scanner, error decoding and DynamoDB attribute values")
struct WireFormatTests {
    @Test(
        "resolves endpoints: per-service variable, then AWS_ENDPOINT_URL, then the real host",
        arguments: [
            ([:], AWSService.dynamoDB, "https://dynamodb.eu-west-1.amazonaws.com", "eu-west-1", false),
            ([:], AWSService.costExplorer, "https://ce.us-east-1.amazonaws.com", "us-east-1", false),
            ([:], AWSService.cloudWatch, "https://monitoring.eu-west-1.amazonaws.com", "eu-west-1", false),
            ([:], AWSService.stepFunctions, "https://states.eu-west-1.amazonaws.com", "eu-west-1", false),
            (["AWS_ENDPOINT_URL": "http://127.0.0.1:5000/"], AWSService.s3, "http://127.0.0.1:5000", "eu-west-1", true),
            (
                ["AWS_ENDPOINT_URL": "http://a:1", "AWS_ENDPOINT_URL_COST_EXPLORER": "http://ce:2"],
                AWSService.costExplorer,
                "http://ce:2", "us-east-1", true
            ),
            (
                ["AWS_ENDPOINT_URL_SECRETS_MANAGER": "http://sm:3"], AWSService.secretsManager, "http://sm:3",
                "eu-west-1", true
            ),
            (
                ["AWS_ENDPOINT_URL_SECRETS_MANAGER": "http://sm:3"], AWSService.ssm,
                "https://ssm.eu-west-1.amazonaws.com", "eu-west-1", false
            ),
        ] as [([String: String], AWSService, String, String, Bool)])
    func endpoints(variables: [String: String], service: AWSService, url: String, region: String, custom: Bool) throws {
        var environment = variables
        environment["AWS_REGION"] = "eu-west-1"
        let endpoint = try AWSConfiguration(environment: environment).endpoint(for: service)
        #expect(endpoint.baseURL == url)
        #expect(endpoint.signingRegion == region)
        #expect(endpoint.isCustom == custom)
        #expect(endpoint.s3PathStyle == custom)
    }

    @Test("S3 buckets are virtual-hosted on AWS and path-style on custom endpoints")
    func s3Addressing() {
        let real = AWSEndpoint(baseURL: "https://s3.eu-west-1.amazonaws.com", signingRegion: "eu-west-1")
        #expect(real.s3BucketURL("my-data") == "https://my-data.s3.eu-west-1.amazonaws.com")
        #expect(real.s3BucketURL("My_Bucket") == "https://s3.eu-west-1.amazonaws.com/My_Bucket")
        let local = AWSEndpoint(baseURL: "http://127.0.0.1:5000", signingRegion: "eu-west-1", s3PathStyle: true)
        #expect(local.s3BucketURL("my-data") == "http://127.0.0.1:5000/my-data")
    }

    @Test("an endpoint URL without a scheme is an error naming the variable")
    func badEndpoint() {
        let error = #expect(throws: AWSError.self) {
            try AWSConfiguration(environment: ["AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL_S3": "localhost:9000"])
                .endpoint(for: .s3)
        }
        #expect(error?.message.contains("AWS_ENDPOINT_URL_S3") == true)
    }

    @Test("scans XML with entities, CDATA, comments, namespaces and nested lists")
    func xmlScanner() throws {
        let root = try XMLScanner.parse(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- listing -->
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
              <Name>data</Name>
              <Contents><Key>a &amp; b &lt;c&gt; &#233;&#x41;</Key><Size>3</Size></Contents>
              <Contents><Key><![CDATA[x<y>&z]]></Key><Size>4</Size></Contents>
              <CommonPrefixes><Prefix>p/</Prefix></CommonPrefixes>
              <s3:Owner xmlns:s3="urn:x" id='7'><ID>o</ID></s3:Owner>
              <Empty/>
            </ListBucketResult>
            """)
        #expect(root.name == "ListBucketResult")
        #expect(root.children("Contents").map { $0.text("Key") } == ["a & b <c> éA", "x<y>&z"])
        #expect(root.children("Contents").compactMap { $0.text("Size") } == ["3", "4"])
        #expect(root.text("CommonPrefixes", "Prefix") == "p/")
        #expect(root.child("Owner")?.attributes["id"] == "7")
        #expect(root.child("Empty")?.text == "")
        #expect(throws: AWSError.self) { try XMLScanner.parse("<a><b></a>") }
        #expect(throws: AWSError.self) { try XMLScanner.parse("<a>&bogus;</a>") }
        #expect(throws: AWSError.self) { try XMLScanner.parse("<a>") }
    }

    @Test("escapes text when writing XML")
    func xmlWriter() throws {
        var writer = XMLWriter()
        writer.open("R")
        writer.element("ETag", "\"a&b<c>\"")
        writer.close("R")
        #expect(try XMLScanner.parse(writer.output).text("ETag") == "\"a&b<c>\"")
    }

    static func decode(_ status: Int, _ body: String, headers: HTTPHeaders = HTTPHeaders()) -> AWSError {
        AWSErrorDecoder.decode(
            status: status, headers: headers, body: Array(body.utf8), service: .dynamoDB, operation: "PutItem",
            now: Timestamp(secondsSince1970: 1_763_712_000))
    }

    @Test("decodes JSON errors, stripping the type prefix, with the request id header")
    func jsonErrors() {
        let error = Self.decode(
            400, #"{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"no"}"#,
            headers: ["x-amzn-RequestId": "REQ1"])
        #expect(error.serviceCode == "ConditionalCheckFailedException")
        #expect(error.isConditionalCheckFailed)
        #expect(error.message == "no")
        #expect(error.requestID == "REQ1")
        #expect(error.service == "dynamodb" && error.operation == "PutItem" && error.status == 400)
        let upper = Self.decode(400, #"{"code":"ValidationException","Message":"bad"}"#)
        #expect(upper.serviceCode == "ValidationException" && upper.message == "bad")
        let header = Self.decode(404, "{}", headers: ["x-amzn-ErrorType": "ResourceNotFoundException:http://internal/"])
        #expect(header.serviceCode == "ResourceNotFoundException")
    }

    @Test("decodes XML <Error> and <ErrorResponse> bodies and bodiless answers")
    func xmlErrors() {
        let s3 = Self.decode(
            404, "<Error><Code>NoSuchKey</Code><Message>gone</Message><RequestId>R2</RequestId></Error>")
        #expect(s3.serviceCode == "NoSuchKey" && s3.message == "gone" && s3.requestID == "R2")
        let query = Self.decode(
            403,
            "<ErrorResponse><Errors><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code>"
                + "<Message>bad token</Message></Error></Errors><RequestId>R3</RequestId></ErrorResponse>")
        #expect(query.serviceCode == "InvalidClientTokenId" && query.requestID == "R3")
        #expect(Self.decode(404, "").serviceCode == "NotFound")
        let throttled = Self.decode(503, "", headers: ["Retry-After": "Fri, 21 Nov 2025 08:00:05 GMT"])
        #expect(throttled.retryAfter == .seconds(5))
    }

    @Test("DynamoDB values round-trip through their wire form")
    func attributeValues() throws {
        let item: DynamoDBItem = [
            "s": "text", "n": .number("12.50"), "b": .binary([0, 1, 255]), "ss": .stringSet(["a", "b"]),
            "ns": .numberSet(["1", "2"]), "bs": .binarySet([[1], [2]]), "m": .map(["inner": true]),
            "l": .list(["x", 1, .null]), "t": true, "z": .null,
        ]
        let wire = DynamoDBValue.itemJSON(item)
        #expect(wire["b"]?["B"] == "AAH/")
        #expect(wire["n"]?["N"] == "12.50")
        #expect(try DynamoDBValue.item(from: JSONParser.parse(wire.serialized())) == item)
        #expect(throws: AWSError.self) { try DynamoDBValue(json: ["Q": "x"]) }
    }

    struct Job: Codable, Equatable {
        var jobID: String
        var attempts: Int
        var ratio: Double
        var done: Bool
        var tags: [String]
        var lease: Lease?
        struct Lease: Codable, Equatable {
            var owner: String
            var expiresAt: Int64
        }
    }

    @Test("bridges Codable structs and items")
    func codableBridge() throws {
        let job = Job(
            jobID: "j1", attempts: 2, ratio: 0.5, done: false, tags: ["a"],
            lease: .init(owner: "w1", expiresAt: 1_763_712_000_123))
        let coder = DynamoDBItemCoder()
        let item = try coder.encode(job)
        #expect(item["attempts"] == .number("2"))
        #expect(item["lease"]?.mapValue?["expiresAt"] == .number("1763712000123"))
        #expect(item["tags"] == .list(["a"]))
        #expect(try coder.decode(Job.self, from: item) == job)
        var noLease = job
        noLease.lease = nil
        #expect(try coder.encode(noLease)["lease"] == nil)
        #expect(throws: AWSError.self) { _ = try coder.encode([1, 2]) }
    }
}
