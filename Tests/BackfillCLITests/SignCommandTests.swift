import AWSSigV4
import BackfillCLI
import Foundation
import Testing

/// `backfill sign`'s logic: inputs checked, credentials from the environment given, output formats.
@Suite("backfill sign input and output")
struct SignCommandTests {
    let environment = [
        "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    ]
    let now = SigV4Date(secondsSince1970: 0)

    @Test(
        "a missing credential variable is named in the error",
        arguments: ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"])
    func missingCredential(variable: String) {
        var environment = self.environment
        environment[variable] = nil
        let input = SignCommandInput(service: "s3", region: "us-east-1", url: "https://b.s3.amazonaws.com/k")
        #expect {
            try input.sign(environment: environment, now: now)
        } throws: { error in
            let error = error as? SigV4Error
            return error?.code == .missingCredentials && error?.message.contains(variable) == true
                && error?.context["variable"] == variable
        }
    }

    @Test("reproduces AWS's S3 GET example and prints it as text")
    func textOutput() throws {
        let input = SignCommandInput(
            service: "s3", region: "us-east-1", headers: ["Range: bytes=0-9"], date: "20130524T000000Z",
            url: "https://examplebucket.s3.amazonaws.com/test.txt"
        )
        let signature = try input.sign(environment: environment, now: now)
        #expect(signature.signature == "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
        let text = SignCommandOutput(signature: signature, isPresigned: false).text()
        #expect(text.hasPrefix("Canonical request:\nGET\n/test.txt\n"))
        #expect(text.contains("\nString to sign:\nAWS4-HMAC-SHA256\n20130524T000000Z\n"))
        #expect(text.contains("\nSignature: f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41\n"))
        #expect(text.contains("\nhost: examplebucket.s3.amazonaws.com\nRange: bytes=0-9\n"))
        #expect(!text.contains("wJalrXUtnFEMI"))
    }

    @Test("--json prints one object with the five keys, every header sent, and no secret")
    func jsonOutput() throws {
        let input = SignCommandInput(
            service: "dynamodb", region: "us-east-1", method: "POST",
            headers: ["X-Amz-Target: DynamoDB_20120810.GetItem", "X-Tag: a", "x-tag:  b  \"q\"\\"],
            body: Array("{}".utf8), date: "20150830T123600Z", url: "https://dynamodb.us-east-1.amazonaws.com/"
        )
        var environment = self.environment
        environment["AWS_SESSION_TOKEN"] = "token"
        let signature = try input.sign(environment: environment, now: now)
        let json = SignCommandOutput(signature: signature, isPresigned: false).json()
        #expect(!json.contains("\n"))
        #expect(!json.contains("wJalrXUtnFEMI"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["canonicalRequest", "stringToSign", "signature", "headers", "url"])
        #expect(object["canonicalRequest"] as? String == signature.canonicalRequest)
        let headers = try #require(object["headers"] as? [String: String])
        #expect(headers["host"] == "dynamodb.us-east-1.amazonaws.com")
        #expect(headers["X-Tag"] == "a,b \"q\"\\")
        #expect(headers["x-amz-security-token"] == "token")
        #expect(headers["authorization"] == signature.header("authorization"))
        #expect(headers.count == signature.headers.count)
    }

    @Test("--presign returns the presigned URL and the headers signed with it")
    func presign() throws {
        let input = SignCommandInput(
            service: "s3", region: "us-east-1", date: "20130524T000000Z", presignSeconds: 86_400,
            url: "https://examplebucket.s3.amazonaws.com/test.txt"
        )
        let signature = try input.sign(environment: environment, now: now)
        #expect(signature.signature == "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
        let text = SignCommandOutput(signature: signature, isPresigned: true).text()
        #expect(text.hasSuffix("Presigned URL:\n\(signature.url)"))
    }

    @Test(
        "bad options are refused before any signing",
        arguments: [
            (
                SignCommandInput(service: "s3", region: "us-east-1", url: "examplebucket/key"),
                SigV4Error.Code.invalidArgument
            ),
            (
                SignCommandInput(service: "s3", region: "us-east-1", headers: ["NoColon"], url: "https://h/"),
                .invalidHeader
            ),
            (
                SignCommandInput(service: "s3", region: "us-east-1", headers: ["Bad Name: v"], url: "https://h/"),
                .invalidHeader
            ),
            (SignCommandInput(service: "s3", region: "us-east-1", date: "2013-05-24", url: "https://h/"), .invalidDate),
            (
                SignCommandInput(service: "s3", region: "us-east-1", presignSeconds: 604_801, url: "https://h/"),
                .invalidArgument
            ),
            (SignCommandInput(service: "s3", region: "us-east-1", method: "GE T", url: "https://h/"), .invalidArgument),
        ])
    func refused(input: SignCommandInput, code: SigV4Error.Code) {
        #expect {
            try input.validate()
        } throws: { error in
            (error as? SigV4Error)?.code == code
        }
    }

    @Test("JSON strings escape quotes, backslashes and control characters")
    func jsonEscaping() throws {
        let signature = SigV4Signature(
            canonicalRequest: "a\"b\\c\n\t\u{01}é", stringToSign: "", signature: "", headers: [], url: ""
        )
        let json = SignCommandOutput(signature: signature, isPresigned: false).json()
        #expect(json.contains(#""canonicalRequest":"a\"b\\c\n\t\u0001é""#))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["canonicalRequest"] as? String == "a\"b\\c\n\t\u{01}é")
    }
}
