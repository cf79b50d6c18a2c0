import ArgumentParser
import BackfillCore
import CostBackfill
import FoundationEssentials
import HandlerRegistry
import JSON
import LambdaRuntime
import Synchronization
import Timekeeping

#if canImport(Glibc)
    import Glibc
#endif

/// `backfill cost [--months N] [--force] [--dry-run]`: runs the `cost-backfill` handler in this process with the
/// configuration from the environment (`DATA_BUCKET`, `DATA_PREFIX`, `COST_CATEGORY_NAME`, `CE_MAX_RPS`,
/// `JOBS_TABLE`, the usual `AWS_*`), shows a progress bar on stderr and prints the result JSON on stdout.
/// Exit status 0 when every month succeeded or was skipped, 1 when a month failed.
struct CostCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cost",
        abstract: "Backfill Cost Explorer month by month into S3, locally (the cost-backfill handler).",
        discussion: """
            Same job, same output and same tracker as the Lambda function: a run killed half-way is resumed by \
            running the same command again, and `backfill status JOB_ID` shows its months. Logs go to stderr \
            (AWS_LAMBDA_LOG_LEVEL, default WARN).
            """)

    @Option(help: "How many complete months to backfill, newest first (1–38).")
    var months = CostBackfillRequest.defaultMonths

    @Flag(help: "Rewrite months already in the bucket.")
    var force = false

    @Flag(name: .customLong("dry-run"), help: "Print the plan and the Cost Explorer estimate; call and write nothing.")
    var dryRun = false

    func validate() throws {
        guard CostBackfillRequest.monthsRange.contains(months) else {
            throw ValidationError("--months must be from 1 to 38, got \(months)")
        }
    }

    func run() async throws {
        var variables = ProcessInfo.processInfo.environment
        if variables["AWS_LAMBDA_LOG_LEVEL"] == nil { variables["AWS_LAMBDA_LOG_LEVEL"] = "WARN" }
        let environment = RuntimeEnvironment.local(variables: variables, handler: "cost-backfill")
        let logger = LambdaRuntime.makeLogger(environment, sink: StandardErrorSink())
        let handler = try HandlerRegistry.makeCostBackfill(variables: variables, logger: logger)
        let request = CostBackfillRequest(mode: .backfill(months: months), force: force, dryRun: dryRun)
        let bar = ProgressBar(isTerminal: isatty(STDERR_FILENO) != 0)
        var host = [CChar](repeating: 0, count: 256)
        gethostname(&host, host.count - 1)
        let owner =
            "cli:\(String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)):\(getpid())"
        let result = try await handler.run(
            request, owner: owner, deadline: .none, logger: logger, progress: { bar.handle($0) })
        bar.finish()
        print(result.serialized(pretty: true))
        if result["statusCode"] != 200 { throw ExitCode(1) }
    }
}

/// Turns the handler's progress events into a ``ProgressReporter`` on stderr, created once the plan is known.
final class ProgressBar: Sendable {
    private let isTerminal: Bool
    private let reporter = Mutex<ProgressReporter?>(nil)

    init(isTerminal: Bool) {
        self.isTerminal = isTerminal
    }

    func handle(_ event: CostBackfillProgress) {
        switch event {
        case .planned(let months, let toRun):
            let isTerminal = self.isTerminal
            StandardErrorSink().write(line: "\(toRun) of \(months) months to process")
            reporter.withLock {
                $0 = ProgressReporter(
                    label: "months", total: toRun, isTerminal: isTerminal, time: SystemTimeSource(),
                    write: { text in
                        let bytes = Array(text.utf8)
                        _ = bytes.withUnsafeBytes { Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count) }
                    })
            }
        case .finished(_, let status):
            reporter.withLock { $0?.advance(failed: status == .failed ? 1 : 0) }
        }
    }

    func finish() {
        reporter.withLock { $0?.finish() }
    }
}
