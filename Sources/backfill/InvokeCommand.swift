import ArgumentParser
import HandlerRegistry
import LambdaRuntime

#if canImport(Glibc)
    import Glibc
#endif

/// `backfill invoke HANDLER [--event JSON|@file]`: runs a handler in-process with the configuration from the
/// environment, prints its result JSON on stdout (exit 0) or the error JSON on stderr (exit 1).
struct InvokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invoke",
        abstract: "Run a handler in-process on one event, as Lambda would.",
        discussion: "Handlers: \(HandlerRegistry.names.joined(separator: ", ")). Logs go to stderr.")

    @Argument(help: "The handler to run (what _HANDLER names in Lambda).")
    var handler: String

    @Option(name: .long, help: "The event: inline JSON, or @path to read it from a file (default {}).")
    var event: String = "{}"

    @Option(name: .long, help: "Seconds before the invocation's deadline (Lambda's maximum is 900).")
    var timeout: Int = 900

    func validate() throws {
        guard HandlerRegistry.names.contains(handler) else {
            throw ValidationError(
                "unknown handler '\(handler)'; valid handlers: \(HandlerRegistry.names.joined(separator: ", "))")
        }
        guard timeout > 0 else { throw ValidationError("--timeout must be a positive number of seconds") }
    }

    func run() async throws {
        let eventBytes = try CommandInput.read(event)
        let environment = RuntimeEnvironment.local(variables: RuntimeEnvironment.processVariables(), handler: handler)
        let logger = LambdaRuntime.makeLogger(environment, sink: StandardErrorSink())
        let lambdaHandler = try await HandlerRegistry.makeHandler(environment: environment, logger: logger)
        let invoker = LocalInvoker(handler: lambdaHandler, environment: environment, logger: logger)
        let requestID = "local-" + String(UInt64.random(in: 0..<UInt64.max), radix: 16)
        switch await invoker.invoke(event: eventBytes, timeout: .seconds(timeout), requestID: requestID) {
        case .success(let body):
            print(String(decoding: body, as: UTF8.self))
        case .failure(let error):
            StandardErrorSink().write(line: String(decoding: LocalInvoker.errorDocument(error), as: UTF8.self))
            throw ExitCode(1)
        }
    }
}
