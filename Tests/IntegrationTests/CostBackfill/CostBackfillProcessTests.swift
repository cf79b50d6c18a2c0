import AWS
import BackfillCore
import BackfillTesting
import CostBackfill
import CostExplorerFake
import HTTP
import JSON
import Testing
import Timekeeping

#if canImport(Glibc)
    import Glibc
#endif

/// `bootstrap` under the Runtime API emulator and `backfill cost` as real subprocesses, against moto and the
/// Cost Explorer fake.
@Suite("cost-backfill as bootstrap and backfill subprocesses", .serialized)
struct CostBackfillProcessTests {
    static var products: String { ChildProcess.buildProductsDirectory() }

    static func bootstrap(_ stack: CostStack, _ emulator: RuntimeAPIEmulator, extra: [String: String] = [:]) throws
        -> ChildProcess
    {
        var environment = stack.environment.merging(extra) { $1 }
        environment["AWS_LAMBDA_RUNTIME_API"] = emulator.runtimeAPI
        environment["_HANDLER"] = "cost-backfill"
        return try ChildProcess(executable: products + "/bootstrap", environment: environment)
    }

    @Test("every fixture event through the real runtime loop: results, plans and InvalidEvent errors")
    func fixtureEvents() async throws {
        try await CostStack.with { stack in
            let emulator = try RuntimeAPIEmulator(functionTimeoutSeconds: 300)
            defer { emulator.stop() }
            let process = try Self.bootstrap(stack, emulator)
            defer { process.stop() }
            func invoke(_ name: String) async throws -> RuntimeAPIEmulator.Outcome {
                let outcome = await emulator.invoke(try CostEvents.event(name), timeoutSeconds: 120)
                return try #require(outcome, "no answer to \(name); stderr: \(process.standardError)")
            }
            func result(_ name: String) async throws -> JSONValue {
                let outcome = try await invoke(name)
                guard case .response(let body) = outcome else {
                    Issue.record("\(name) failed: \(outcome.bodyText)")
                    return .null
                }
                return try JSONParser.parse(body)
            }
            let months = MotoCostBackfillTests.lastMonths(13)

            let plan = try await result("backfill-dry-run")
            #expect(plan["body"]?["message"] == "dry_run")
            #expect(plan["body"]?["estimate"]?["cost_usd"] == 0.39)  // 13 months × 3 requests × $0.01
            #expect(try await stack.objects().isEmpty)

            let backfill = try await result("backfill")
            #expect(backfill["statusCode"] == 200)
            #expect(backfill.bodyList("succeeded") == months)
            let written = try await stack.objects()

            let defaults = try await result("backfill-default-months")
            #expect(defaults.bodyList("skipped") == months)
            #expect(try await stack.objects() == written)

            let forced = try await result("backfill-force")
            #expect(forced.bodyList("succeeded") == months)

            for name in ["scheduled", "empty"] {
                let normal = try await result(name)
                #expect(normal["body"]?["mode"] == "normal")
                #expect(normal.bodyList("succeeded").contains(months[0]))
            }

            for (name, field) in [
                ("bad-months-zero", "months"), ("bad-months-39", "months"), ("bad-months-string", "months"),
                ("bad-months-negative", "months"), ("bad-backfill-not-boolean", "backfill"),
                ("bad-force-not-boolean", "force"),
            ] {
                let outcome = try await invoke(name)
                guard case .error(let type, let body) = outcome else {
                    Issue.record("\(name) did not fail: \(outcome.bodyText)")
                    continue
                }
                #expect(type == "InvalidEvent", "\(name)")
                let message = try JSONParser.parse(body)["errorMessage"]?.stringValue ?? ""
                #expect(message.hasPrefix(field + " must be"), "\(name): \(message)")
            }
            #expect(process.isRunning)
        }
    }

    @Test("a missing DATA_BUCKET is an init error naming it, and the process exits")
    func missingBucket() async throws {
        try await CostStack.with { stack in
            let emulator = try RuntimeAPIEmulator()
            defer { emulator.stop() }
            let process = try Self.bootstrap(stack, emulator, extra: ["DATA_BUCKET": ""])
            defer { process.stop() }
            let initError = try #require(emulator.waitForInitError(timeoutSeconds: 20))
            #expect(initError.errorType == "Runtime.MissingConfiguration")
            #expect(initError.body.contains("DATA_BUCKET environment variable is required"))
            #expect(process.waitForExit(timeoutSeconds: 10).map { $0 != 0 } == true)
        }
    }

    @Test("backfill cost killed mid-way, then run again, finishes with every month's summary written once")
    func killedAndResumed() async throws {
        var options = CostStack.defaultFakeOptions
        options.latency = .milliseconds(150)
        try await CostStack.with(fakeOptions: options) { stack in
            try await stack.enableVersioning()
            let arguments = ["cost", "--months", "13"]
            let first = try ChildProcess(
                executable: Self.products + "/backfill", arguments: arguments, environment: stack.environment)
            var summaries = 0
            for _ in 0..<600 where summaries < 3 && first.isRunning {
                try await Task.sleep(for: .milliseconds(50))  // a real child process: poll the bucket
                summaries = try await stack.objects().keys.filter { $0.hasSuffix("/summary.json") }.count
            }
            #expect(summaries >= 3 && summaries < 13, "stderr: \(first.standardError)")
            first.signal(SIGKILL)
            #expect(first.waitForExit(timeoutSeconds: 10) == 128 + SIGKILL)

            let second = try ChildProcess(
                executable: Self.products + "/backfill", arguments: arguments, environment: stack.environment)
            let code = second.waitForExit(timeoutSeconds: 180)
            #expect(code == 0, "stderr: \(second.standardError)")
            let result = try JSONParser.parse(second.standardOutput)
            let months = MotoCostBackfillTests.lastMonths(13)
            #expect(Set(result.bodyList("succeeded") + result.bodyList("skipped")) == Set(months))
            #expect(result["body"]?["failed"] == [])
            let versions = try await stack.versionCounts()
            for month in months {
                #expect(versions["cost/\(month)/summary.json"] == 1, "\(month): \(versions)")
            }
            let jobID = try #require(result["body"]?["job_id"]?.stringValue)
            let job = try await stack.withClients { _, dynamo in
                try await DynamoDBJobStore(dynamo: dynamo, table: CostStack.table).job(id: jobID)
            }
            #expect(job?.status == .completed)
        }
    }
}
