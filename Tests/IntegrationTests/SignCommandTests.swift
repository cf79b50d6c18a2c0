import BackfillTesting
import JSON
import Testing

/// `backfill sign` as a user runs it, checked against the official SigV4 suite's published signatures.
@Suite("backfill sign")
struct SignCommandTests {
    static let vectors =
        String(#filePath.dropLast("IntegrationTests/SignCommandTests.swift".count))
        + "AWSSigV4Tests/Vectors"
    let credentials = [
        "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    ]

    func run(_ arguments: [String], environment: [String: String]) throws -> (Int32?, String, String) {
        let process = try ChildProcess(
            executable: ChildProcess.buildProductsDirectory() + "/backfill", arguments: ["sign"] + arguments,
            environment: environment)
        let code = process.waitForExit(timeoutSeconds: 30)
        return (code, process.standardOutput, process.standardError)
    }

    @Test("--json signs as the suite's get-vanilla-query-order-key-case and never prints the secret")
    func suiteVector() throws {
        let expected = ChildProcess.readFile(Self.vectors + "/get-vanilla-query-order-key-case/header-signature.txt")
        let (code, stdout, _) = try run(
            [
                "--service", "service", "--region", "us-east-1", "--date", "20150830T123600Z", "--json",
                "https://example.amazonaws.com/?Param2=value2&Param1=value1",
            ], environment: credentials)
        #expect(code == 0)
        let value = try JSONParser.parse(stdout)
        #expect(value["signature"]?.stringValue == expected.trimmingCharacters())
        #expect(value["url"] == "https://example.amazonaws.com/?Param2=value2&Param1=value1")
        #expect(value["canonicalRequest"]?.stringValue?.hasPrefix("GET\n/\nParam1=value1&Param2=value2\n") == true)
        #expect(!stdout.contains("wJalrXUtnFEMI"))
    }

    @Test("missing credentials name the variable and exit non-zero")
    func missingCredentials() throws {
        let (code, _, stderr) = try run(
            ["--service", "s3", "--region", "us-east-1", "https://b.s3.amazonaws.com/k"], environment: [:])
        #expect(code != 0)
        #expect(stderr.contains("AWS_ACCESS_KEY_ID"))
    }
}

extension String {
    fileprivate func trimmingCharacters() -> String {
        String(self.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
