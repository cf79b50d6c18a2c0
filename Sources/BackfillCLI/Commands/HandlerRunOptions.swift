import ArgumentParser
import BackfillCore
import HandlerRegistry
import JSON
import LambdaRuntime

/// The options `backfill run` and `backfill invoke` share, and the invocation itself.
struct HandlerRunOptions: ParsableArguments {
    @Argument(help: "The handler to run (what _HANDLER names in Lambda).")
    var handler: String

    @Option(name: .long, help: "The event: inline JSON, or @path to read it from a file, @- for stdin (default {}).")
    var event: String = "{}"

    @Option(name: .long, help: "Seconds before the invocation's deadline (Lambda's maximum is 900).")
    var timeout: Int = 900

    @Option(name: .long, help: "Append CloudWatch embedded-metric lines to this file instead of stderr.")
    var metrics: String?

    func validate() throws {
        guard HandlerRegistry.family(named: handler) != nil else {
            throw ValidationError(HandlerRegistry.unknownHandler(handler).message)
        }
        guard timeout > 0 else { throw ValidationError("--timeout must be a positive number of seconds") }
    }

    /// Runs the handler on the event: the result JSON on stdout, or the error document on stderr.
    func invoke(progress: Bool) async throws -> Result<JSONValue, ReportedError> {
        let eventBytes = try CommandInput.read(event)
        let session = try LocalSession(handler: handler, metricsFile: metrics, progress: progress)
        let lambdaHandler = try await session.makeHandler()
        let invoker = LocalInvoker(handler: lambdaHandler, environment: session.environment, logger: session.logger)
        let requestID = "local-" + String(UInt64.random(in: 0..<UInt64.max), radix: 16)
        let outcome = await invoker.invoke(event: eventBytes, timeout: .seconds(timeout), requestID: requestID)
        session.renderer?.finish()
        switch outcome {
        case .success(let body):
            print(String(decoding: body, as: UTF8.self))
            return .success((try? JSONParser.parse(body)) ?? .null)
        case .failure(let error):
            StandardErrorSink().write(line: String(decoding: LocalInvoker.errorDocument(error), as: UTF8.self))
            return .failure(error)
        }
    }
}
