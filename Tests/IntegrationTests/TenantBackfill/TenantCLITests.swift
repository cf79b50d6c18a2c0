import BackfillTesting
import ConnectWiseFake
import Glibc
import JSON
import Testing
import Timekeeping

/// `backfill tenant run` as a child process against moto and the fakes.
@Suite("backfill tenant run", .serialized)
struct TenantCLITests {
    static let products = ChildProcess.buildProductsDirectory()
    static let arguments = [
        "tenant", "run", "--tenant-id", "t1", "--service", "connectwise", "--tables", "service/tickets",
        "--start-date", "2023-01-01", "--end-date", "2023-05-01", "--chunk-size-days", "10",
    ]

    @Test("--dry-run prints the chunks per table on stdout and writes nothing")
    func dryRun() async throws {
        try await TenantStack.with { stack in
            let process = try ChildProcess(
                executable: Self.products + "/backfill", arguments: Self.arguments + ["--dry-run"],
                environment: stack.environment)
            #expect(process.waitForExit(timeoutSeconds: 60) == 0, "stderr: \(process.standardError)")
            let result = try JSONParser.parse(process.standardOutput)
            #expect(result["body"]?["message"] == "dry_run")
            #expect(result["body"]?["tables"]?["service/tickets"]?["chunks"]?.arrayValue?.count == 12)
            // Only the `{table}/count` probes, one a chunk: no records are fetched and nothing is written.
            #expect(stack.connectWise.requests.map(\.table) == Array(repeating: "service/tickets/count", count: 12))
            #expect(try await stack.parquetKeys().isEmpty)
        }
    }

    @Test("killed mid-way, then run again: every chunk written, all records read back once")
    func killedAndResumed() async throws {
        var options = ConnectWiseFake.Options()
        options.latency = .milliseconds(400)
        try await TenantStack.with(connectWiseOptions: options) { stack in
            let first = try ChildProcess(
                executable: Self.products + "/backfill", arguments: Self.arguments, environment: stack.environment)
            var written = 0
            for _ in 0..<600 where written < 3 && first.isRunning {
                try await Task.sleep(for: .milliseconds(50))  // a real child process: poll the bucket
                written = try await stack.parquetKeys().count
            }
            #expect(written >= 3 && written < 12, "stderr: \(first.standardError)")
            first.signal(SIGKILL)
            #expect(first.waitForExit(timeoutSeconds: 10) == 128 + SIGKILL)
            let before = stack.connectWise.requests.count
            let second = try ChildProcess(
                executable: Self.products + "/backfill", arguments: Self.arguments, environment: stack.environment)
            #expect(second.waitForExit(timeoutSeconds: 180) == 0, "stderr: \(second.standardError)")
            let result = try JSONParser.parse(second.standardOutput)
            #expect(result["body"]?["message"] == "backfill_complete")
            #expect(stack.connectWise.requests.count - before < 12)
            #expect(try await stack.parquetKeys().count == 12)
            let expected = ConnectWiseFakeData().indices(
                from: CivilDateForTests.start, to: CivilDateForTests.end
            ).count
            let read = try await stack.withClient { client in
                try await TenantReadBack.read(
                    client, bucket: TenantStack.bucket, prefix: "t1/raw/connectwise/tickets/", idColumn: "id")
            }
            #expect(read["total"]?.intValue == Int64(expected) && read["distinct_ids"]?.intValue == Int64(expected))
        }
    }
}

/// The CLI test's window.
enum CivilDateForTests {
    static let start = CivilDate(year: 2023, month: 1, day: 1).startTimestamp
    static let end = CivilDate(year: 2023, month: 5, day: 1).startTimestamp
}
