import ArgumentParser
import HandlerRegistry
import JSON
import LambdaRuntime

/// `backfill run HANDLER [--event JSON|@file]`: runs any handler in this process with the shared progress
/// display on stderr, prints the result JSON on stdout, and exits 1 when the invocation failed or its result is
/// not a full success (`statusCode` other than 200, e.g. 207 with failed partitions).
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a handler in this process with a progress display; exit 1 unless it fully succeeded.",
        discussion: """
            Handlers: \(HandlerRegistry.names.joined(separator: ", ")). The environment configures the handler \
            exactly as in Lambda (see each handler's page in Docs/). stdout carries the result JSON only; logs, \
            progress and CloudWatch embedded-metric lines go to stderr (metrics to --metrics FILE if given).
            """)

    @OptionGroup var options: HandlerRunOptions

    func validate() throws { try options.validate() }

    func run() async throws {
        switch try await options.invoke(progress: true) {
        case .failure:
            throw ExitCode(1)
        case .success(let result):
            if let status = result["statusCode"]?.intValue, status != 200 { throw ExitCode(1) }
        }
    }
}
