import BackfillTesting
import HTTP
import JSON
import Testing

@testable import AWS

/// The item coder and the base64 users in the AWS module, now without Foundation.
@Suite("DynamoDB item coder, binary attributes and secret binaries")
struct DynamoDBItemCoderTests {
    struct Metrics: Codable, Equatable {
        var day: String
        var whole: Double
        var fraction: Double
        var ratio: Float
        var huge: Double
        var counts: [UInt8]
        var apps: [String: Int]
        var samples: [Int?]
        var missing: String?
    }

    static let metrics = Metrics(
        day: "2025-11-21", whole: 2, fraction: 0.25, ratio: 0.1, huge: 1e20, counts: [0, 255], apps: ["chess": 3],
        samples: [1, nil], missing: nil)

    @Test("numbers become N attributes as JSONEncoder's text gave them; nil members are left out")
    func encodes() throws {
        let item = try DynamoDBItemCoder().encode(Self.metrics)
        #expect(item["whole"] == .number("2"))
        #expect(item["fraction"] == .number("0.25"))
        #expect(item["ratio"] == .number("0.1"))
        #expect(item["huge"] == .number("1e+20"))
        #expect(item["counts"] == .list([.number("0"), .number("255")]))
        #expect(item["apps"] == .map(["chess": .number("3")]))
        #expect(item["samples"] == .list([.number("1"), .null]))
        #expect(item.keys.sorted() == ["apps", "counts", "day", "fraction", "huge", "ratio", "samples", "whole"])
        #expect(try DynamoDBItemCoder().decode(Metrics.self, from: item) == Self.metrics)
    }

    @Test("a decoding failure is an AWSError whose message names the attribute path")
    func decodeError() throws {
        var item = try DynamoDBItemCoder().encode(Self.metrics)
        item["samples"] = .list([.number("1"), .string("two")])
        let error = try #require(throws: AWSError.self) { try DynamoDBItemCoder().decode(Metrics.self, from: item) }
        #expect(error.code == .invalidResponse)
        #expect(
            error.message
                == "cannot decode Metrics from a DynamoDB item: expected an integer at samples[1], found a string")
        item["samples"] = nil
        item["day"] = nil
        let missing = try #require(throws: AWSError.self) { try DynamoDBItemCoder().decode(Metrics.self, from: item) }
        #expect(missing.message.hasSuffix("missing required key 'day' at the top level"))
    }

    @Test("a value with no JSON form is an invalid request")
    func encodeError() throws {
        var metrics = Self.metrics
        metrics.fraction = .infinity
        let error = try #require(throws: AWSError.self) { try DynamoDBItemCoder().encode(metrics) }
        #expect(error.code == .invalidRequest)
        #expect(error.message.contains("at fraction"))
    }

    @Test("binary attributes read into a struct as base64 text")
    func binaryAsText() throws {
        struct Blob: Codable, Equatable { var data: String, parts: [String] }
        let item: DynamoDBItem = ["data": .binary(Array("foobar".utf8)), "parts": .binarySet([[0xFB, 0xFF], []])]
        #expect(try DynamoDBItemCoder().decode(Blob.self, from: item) == Blob(data: "Zm9vYmFy", parts: ["+/8=", ""]))
    }

    @Test("B and BS attributes reject invalid base64")
    func invalidBinary() throws {
        #expect(try DynamoDBValue(json: ["B": "Zm9vYg=="]) == .binary(Array("foob".utf8)))
        #expect(throws: AWSError.self) { try DynamoDBValue(json: ["B": "Zm9vYg="]) }
        #expect(throws: AWSError.self) { try DynamoDBValue(json: ["BS": ["Zg==", "Z!=="]]) }
    }

    @Test("GetSecretValue decodes SecretBinary from base64")
    func secretBinary() async throws {
        let server = try LoopbackHTTPServer { request in
            let input = try? JSONParser.parse(request.body)
            let body: JSONValue =
                input?["SecretId"] == "bad"
                ? ["Name": "bad", "SecretBinary": "not base64"]
                : ["Name": "key", "VersionId": "v1", "SecretBinary": "AAH/"]
            return LoopbackResponse(
                status: 200, headers: ["Content-Type": "application/x-amz-json-1.1"], text: body.serialized())
        }
        defer { server.stop() }
        try await CurlHTTPClient.withClient { http in
            let secrets = SecretsManagerClient(client: LoopbackFakeTests.client(server, http))
            let secret = try await secrets.getSecretValue("key")
            #expect(secret.binary == [0, 1, 255])
            #expect(secret.string == nil)
            #expect(try await secrets.getSecretValue("bad").binary == nil)
        }
    }
}
