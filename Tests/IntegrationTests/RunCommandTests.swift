import BackfillTesting
import JSON
import Testing

/// `backfill run` as a user runs it: the result alone on stdout (pipeable into jq), progress, logs and metrics
/// on stderr or a file, and an exit status that follows the result.
@Suite("backfill run", .serialized)
struct RunCommandTests {
    func run(_ arguments: [String], environment: [String: String] = ["AWS_REGION": "eu-central-1"]) throws -> (
        Int32?, String, String
    ) {
        let process = try ChildProcess(
            executable: ChildProcess.buildProductsDirectory() + "/backfill", arguments: arguments,
            environment: environment)
        let code = process.waitForExit(timeoutSeconds: 180)
        return (code, process.standardOutput, process.standardError)
    }

    @Test("a successful result exits 0; a handler error exits 1 with the error on stderr")
    func exitStatus() throws {
        let (ok, stdout, _) = try run(["run", "diagnostics", "--event", #"{"echo":true}"#])
        #expect(ok == 0)
        #expect(try JSONParser.parse(stdout)["event"] == ["echo": true])
        let (failed, out, err) = try run(["run", "diagnostics", "--event", #"{"fail":"drill"}"#])
        #expect(failed == 1 && out.isEmpty)
        #expect(err.contains("DiagnosticsRequestedFailure"))
    }

    @Test("cost-backfill through run and invoke: stdout is one JSON document, metrics go to stderr or --metrics")
    func stdoutIsTheResult() async throws {
        try await CostStack.with { stack in
            let (code, stdout, stderr) = try run(
                ["run", "cost-backfill", "--event", #"{"backfill": true, "months": 3}"#], environment: stack.environment
            )
            #expect(code == 0, "stderr: \(stderr)")
            let result = try JSONParser.parse(stdout)
            #expect(result["statusCode"] == 200)
            #expect(!stdout.contains("_aws"))
            #expect(stderr.contains("\"_aws\""), "EMF lines belong on stderr")
            #expect(stderr.contains("partitions to process"))

            let metrics = ChildProcess.temporaryDirectory() + "/metrics.ndjson"
            let (again, out2, err2) = try run(
                [
                    "invoke", "cost-backfill", "--event", #"{"backfill": true, "months": 3, "force": true}"#,
                    "--metrics", metrics,
                ],
                environment: stack.environment)
            #expect(again == 0)
            #expect(try JSONParser.parse(out2)["body"]?["succeeded"]?.arrayValue?.count == 3)
            #expect(!err2.contains("\"_aws\""))
            let lines = ChildProcess.readFile(metrics).split(separator: "\n")
            #expect(lines.count == 3 && lines.allSatisfy { $0.contains("PartitionsSucceeded") })
        }
    }

    @Test("a missing required variable is reported by name and exits 1")
    func missingConfiguration() throws {
        let (code, stdout, stderr) = try run(["run", "cost-backfill"])
        #expect(code == 1 && stdout.isEmpty)
        #expect(stderr.contains("DATA_BUCKET environment variable is required"))
    }
}
