import AWS
import BackfillCore
import BackfillTesting
import FREDFake
import JSON
import MacroGapFill
import Testing
import Timekeeping

#if canImport(Glibc)
    import Glibc
#endif

/// `backfill macro` as a real subprocess against moto and the FRED fake: the two-step workflow, the dry run,
/// and a run killed mid-fill then resumed; no key in any output.
@Suite("backfill macro as a subprocess", .serialized)
struct MacroGapFillProcessTests {
    static var products: String { ChildProcess.buildProductsDirectory() }

    static func temporaryPath(_ name: String) -> String {
        "/tmp/macro-\(getpid())-\(UInt32.random(in: 0..<UInt32.max))-\(name)"
    }

    static func backfill(_ stack: MacroStack, _ arguments: [String], extra: [String: String] = [:]) throws
        -> ChildProcess
    {
        try ChildProcess(
            executable: products + "/backfill", arguments: ["macro"] + arguments,
            environment: stack.environment.merging(extra) { $1 })
    }

    static func expectNoKey(_ stack: MacroStack, in texts: [String]) {
        for text in texts {
            #expect(!stack.keys.contains { text.contains($0) }, "a key leaked")
        }
    }

    @Test("--scan-only writes the file, --from-file fills it, a second scan finds nothing; dry run touches nothing")
    func twoStepWorkflowAndDryRun() async throws {
        try await MacroStack.with { stack in
            let days = TradingCalendar.nyse.tradingDays(
                from: CivilDate(year: 2025, month: 1, day: 1), through: CivilDate(year: 2025, month: 3, day: 31))
            let present = days.enumerated().filter { $0.offset % 4 != 1 }.map(\.element)
            try await stack.seed(present, lacking: [present[3]: "dxy"])
            let range = ["--start-date", "2025-01-01", "--end-date", "2025-03-31"]
            let file = Self.temporaryPath("missing_dates.txt")
            defer { unlink(file) }

            let dry = try Self.backfill(stack, range + ["--dry-run", "--output-file", file])
            #expect(dry.waitForExit(timeoutSeconds: 120) == 0, "stderr: \(dry.standardError)")
            #expect(try JSONParser.parse(dry.standardOutput)["body"]?["message"] == "dry_run")
            #expect(stack.fake.requests.isEmpty)
            #expect(access(file, F_OK) != 0)
            let jobs = try await stack.withClients { _, dynamo in
                try await dynamo.scan(DynamoDBQuery(table: MacroStack.jobsTable)).items
            }
            #expect(jobs.isEmpty)

            let scan = try Self.backfill(stack, range + ["--scan-only", "--output-file", file])
            #expect(scan.waitForExit(timeoutSeconds: 120) == 0, "stderr: \(scan.standardError)")
            #expect(scan.standardError.contains("Total trading days in range: 60"))
            let scanResult = try JSONParser.parse(scan.standardOutput)
            #expect(scanResult["body"]?["missing"] == 15)
            #expect(scanResult["body"]?["incomplete"] == 1)
            let text = String(decoding: try CommandInputForTests.read(file), as: UTF8.self)
            #expect(text.hasPrefix("# Missing and Incomplete Dates for Backfill\n# Generated: "))
            #expect(text.contains("# Total dates: 16\n#\n"))
            #expect(stack.fake.requests.isEmpty)

            let fill = try Self.backfill(stack, ["--from-file", file])
            #expect(fill.waitForExit(timeoutSeconds: 120) == 0, "stderr: \(fill.standardError)")
            let result = try JSONParser.parse(fill.standardOutput)
            #expect(result["body"]?["dates_written"] == 16)
            #expect(fill.standardError.contains("BACKFILL COMPLETE"))
            #expect(fill.standardError.contains("Success rate: 100.0%"))
            #expect(stack.fake.requests.count == MacroFieldMap.defaults.seriesToFetch.count)

            let jobID = try #require(result["body"]?["job_id"]?.stringValue)
            let status = try ChildProcess(
                executable: Self.products + "/backfill", arguments: ["status", jobID], environment: stack.environment)
            #expect(status.waitForExit(timeoutSeconds: 60) == 0, "stderr: \(status.standardError)")
            #expect(status.standardOutput.contains(jobID))

            let again = try Self.backfill(stack, range + ["--scan-only", "--output-file", file])
            #expect(again.waitForExit(timeoutSeconds: 120) == 0)
            #expect(try JSONParser.parse(again.standardOutput)["body"]?["total_to_backfill"] == 0)
            Self.expectNoKey(
                stack,
                in: [dry, scan, fill, again].flatMap { [$0.standardOutput, $0.standardError] } + [text])
        }
    }

    @Test("--environment ENV selects the table MacroIndicators-ENV and the secret fred-api-keys-ENV")
    func environmentConvention() async throws {
        try await MacroStack.with { stack in
            try await stack.withClients { s3, dynamo in
                try await dynamo.createTable(
                    DynamoDBTableDefinition(name: "MacroIndicators-ci", partitionKey: .init("date")))
                let keys = JSONValue.array(stack.keys.map(JSONValue.string)).serialized()
                _ = try await s3.client.callJSON(
                    .secretsManager, "CreateSecret", ["Name": "fred-api-keys-ci", "SecretString": .string(keys)])
            }
            var environment = stack.environment
            environment["MACRO_TABLE"] = nil
            environment["FRED_API_KEYS"] = nil
            let file = Self.temporaryPath("ci.txt")
            defer { unlink(file) }
            let process = try ChildProcess(
                executable: Self.products + "/backfill",
                arguments: [
                    "macro", "--environment", "ci", "--scan-only", "--start-date", "2025-01-02", "--end-date",
                    "2025-01-31", "--output-file", file,
                ], environment: environment)
            #expect(process.waitForExit(timeoutSeconds: 60) == 0, "stderr: \(process.standardError)")
            let body = try JSONParser.parse(process.standardOutput)["body"]
            #expect(body?["trading_days"] == 20)
            #expect(body?["missing"] == 20)
            Self.expectNoKey(stack, in: [process.standardOutput, process.standardError])
        }
    }

    @Test("a malformed line of --from-file is rejected with its line number, exit 2")
    func malformedFile() async throws {
        try await MacroStack.with { stack in
            let file = Self.temporaryPath("edited.txt")
            defer { unlink(file) }
            let fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            let body = Array("# edited\n2025-01-06\n\n2025-01-07 # missing\nJan 8\n".utf8)
            _ = body.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            close(fd)
            let process = try Self.backfill(stack, ["--from-file", file])
            #expect(process.waitForExit(timeoutSeconds: 60) == 2)
            #expect(process.standardError.contains("line 5"))
            #expect(process.standardOutput.isEmpty)
            #expect(stack.fake.requests.isEmpty)
        }
    }

    @Test("backfill macro killed mid-fill, then run again: windows written are not fetched again")
    func killedAndResumed() async throws {
        var options = FREDFake.Options(validKeys: Set(MacroStack.keys))
        options.latency = .milliseconds(300)
        try await MacroStack.with(fakeOptions: options) { stack in
            let days = TradingCalendar.nyse.tradingDays(
                from: CivilDate(year: 2000, month: 1, day: 1), through: CivilDate(year: 2025, month: 10, day: 31))
            let dates = days.enumerated().filter { $0.offset % 5 == 2 }.map(\.element)
            let file = Self.temporaryPath("resume.txt")
            defer { unlink(file) }
            let text = MissingDatesFile(missing: dates, incomplete: []).render(
                generated: Timestamp(millisecondsSince1970: 0))
            let fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            _ = Array(text.utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            close(fd)
            let extra = ["MACRO_CONCURRENCY": "1"]
            let first = try Self.backfill(stack, ["--from-file", file], extra: extra)
            // Nine calls a window: past ten, the first window is written and the second is being fetched.
            for _ in 0..<4_000 where stack.fake.requests.count < 10 && first.isRunning {
                try await Task.sleep(for: .milliseconds(25))  // a real child process: poll the fake
            }
            first.signal(SIGKILL)
            #expect(first.waitForExit(timeoutSeconds: 10) == 128 + SIGKILL)
            let beforeResume = stack.fake.requests.count
            #expect(beforeResume >= 10 && beforeResume < 27)

            let second = try Self.backfill(stack, ["--from-file", file], extra: extra)
            #expect(second.waitForExit(timeoutSeconds: 300) == 0, "stderr: \(second.standardError)")
            let result = try JSONParser.parse(second.standardOutput)
            #expect(result["body"]?["failed"] == [])
            let windows = stack.fake.requests.map { "\($0.seriesID):\($0.observationStart ?? "")" }
            let plan = FillPlan(dates: dates, fieldMap: .defaults, options: MacroGapFillHandler.defaultPlanOptions)
            #expect(Set(windows).count == plan.fetches.count)
            // Only the window in flight when the process died (nine series) is fetched twice.
            #expect(windows.count - Set(windows).count <= 9)
            #expect((result["body"]?["skipped"]?.arrayValue?.count ?? 0) >= 1)
            Self.expectNoKey(stack, in: [first.standardError, second.standardOutput, second.standardError, text])
        }
    }
}

/// Reads a file's bytes (tests).
enum CommandInputForTests {
    static func read(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return bytes
    }
}
