import BackfillTesting
import JSON
import Testing

/// `backfill invoke` as a user runs it.
@Suite("backfill invoke")
struct InvokeCommandTests {
    func run(_ arguments: [String]) throws -> (Int32?, String, String) {
        let process = try ChildProcess(
            executable: ChildProcess.buildProductsDirectory() + "/backfill", arguments: arguments,
            environment: ["AWS_REGION": "eu-central-1"])
        let code = process.waitForExit(timeoutSeconds: 30)
        return (code, process.standardOutput, process.standardError)
    }

    @Test("prints the handler's result on stdout and exits 0")
    func success() throws {
        let (code, stdout, _) = try run(["invoke", "diagnostics", "--event", #"{"echo":true}"#])
        #expect(code == 0)
        let value = try JSONParser.parse(stdout)
        #expect(value["region"] == "eu-central-1")
        #expect(value["event"] == ["echo": true])
    }

    @Test("reads the event from @file")
    func eventFile() throws {
        let path = ChildProcess.temporaryDirectory() + "/event.json"
        let file = try #require(fopen(path, "w"))
        fputs(#"{"echo":true,"from":"file"}"#, file)
        fclose(file)
        let (code, stdout, _) = try run(["invoke", "diagnostics", "--event", "@" + path])
        #expect(code == 0)
        #expect(try JSONParser.parse(stdout)["event"]?["from"] == "file")
    }

    @Test("prints the error JSON on stderr and exits 1")
    func failure() throws {
        let (code, stdout, stderr) = try run(["invoke", "diagnostics", "--event", "{oops"])
        #expect(code == 1)
        #expect(stdout.isEmpty)
        let errorLine = try #require(stderr.split(separator: "\n").last)
        #expect(try JSONParser.parse(String(errorLine))["errorType"] == "InvalidEvent")
    }

    @Test("an unknown handler is a usage error that lists the valid ones")
    func unknownHandler() throws {
        let (code, _, stderr) = try run(["invoke", "nope"])
        #expect(code != 0)
        #expect(stderr.contains("valid handlers: diagnostics"))
    }
}

#if canImport(Glibc)
    import Glibc
#endif
