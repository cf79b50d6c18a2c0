import ArgumentParser
import HandlerRegistry
import LambdaRuntime

/// `backfill invoke HANDLER [--event JSON|@file]`: runs a handler in-process on one event exactly as Lambda
/// would, prints its result JSON on stdout (exit 0, whatever the result says) or the error JSON on stderr
/// (exit 1). `backfill run` is the same with a progress display and an exit status that follows the result.
struct InvokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invoke",
        abstract: "Run a handler in-process on one event, as Lambda would.",
        discussion: "Handlers: \(HandlerRegistry.names.joined(separator: ", ")). Logs and metrics go to stderr.")

    @OptionGroup var options: HandlerRunOptions

    func validate() throws { try options.validate() }

    func run() async throws {
        let outcome = try await options.invoke(progress: false)
        if case .failure = outcome { throw ExitCode(1) }
    }
}
