import BackfillTesting
import JSON
import Testing

/// `backfill tenant trigger` as a child process against moto (tables, secret, a recording state machine).
@Suite("backfill tenant trigger", .serialized)
struct TenantTriggerCLITests {
    static let products = ChildProcess.buildProductsDirectory()

    @Test("a manual trigger starts the execution named by the job id; --auto-detect reports what it skipped")
    func triggers() async throws {
        try await TenantStack.with { stack in
            let environment = try await stack.initiatorEnvironment()
            let manual = try ChildProcess(
                executable: Self.products + "/backfill",
                arguments: [
                    "tenant", "trigger", "--tenant-id", "t1", "--service", "connectwise", "--start-date", "2023-01-01",
                    "--end-date", "2023-03-01",
                ],
                environment: environment)
            #expect(manual.waitForExit(timeoutSeconds: 60) == 0, "stderr: \(manual.standardError)")
            let result = try JSONParser.parse(manual.standardOutput)
            #expect(result["started"]?.arrayValue?.first?["job_id"] == "backfill_t1_connectwise_20230101")

            let detect = try ChildProcess(
                executable: Self.products + "/backfill", arguments: ["tenant", "trigger", "--auto-detect"],
                environment: environment)
            #expect(detect.waitForExit(timeoutSeconds: 60) == 0, "stderr: \(detect.standardError)")
            let detected = try JSONParser.parse(detect.standardOutput)
            #expect(detected["skipped"]?.arrayValue?.first?["reason"] == "connected more than 7 days ago")
        }
    }

    @Test("a bad flag is refused naming it, before anything is started")
    func badFlag() throws {
        let process = try ChildProcess(
            executable: Self.products + "/backfill",
            arguments: [
                "tenant", "trigger", "--tenant-id", "t1", "--service", "connectwise", "--chunk-size-days", "0",
            ],
            environment: ["PATH": "/usr/bin:/bin"])
        #expect(process.waitForExit(timeoutSeconds: 60) != 0)
        #expect(process.standardError.contains("chunk-size-days"), "stderr: \(process.standardError)")
        #expect(process.standardOutput.isEmpty)
    }
}
