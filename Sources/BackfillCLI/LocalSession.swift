import ArgumentParser
import BackfillCore
import HandlerRegistry
import LambdaRuntime
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// What every command that runs a handler in this process shares: the environment read once, a logger on
/// stderr, the handler setup (AWS services on first use, EMF lines to stderr or a `--metrics` file, progress
/// events to the renderer), so stdout carries the result JSON alone.
struct LocalSession {
    let environment: RuntimeEnvironment
    let logger: Logger
    let setup: HandlerSetup
    let renderer: ProgressRenderer?

    /// A session for `handler`; `quietLogs` sets the log level to WARN unless `AWS_LAMBDA_LOG_LEVEL` says
    /// otherwise, `progress` shows the progress renderer on stderr.
    init(handler: String, metricsFile: String?, progress: Bool, quietLogs: Bool = false) throws {
        var variables = RuntimeEnvironment.processVariables()
        if quietLogs && variables["AWS_LAMBDA_LOG_LEVEL"] == nil { variables["AWS_LAMBDA_LOG_LEVEL"] = "WARN" }
        environment = RuntimeEnvironment.local(variables: variables, handler: handler)
        logger = LambdaRuntime.makeLogger(environment, sink: StandardErrorSink())
        renderer =
            progress ? ProgressRenderer(isTerminal: isatty(STDERR_FILENO) != 0, write: Self.writeStandardError) : nil
        let metrics = try Self.metricsSink(file: metricsFile)
        setup = HandlerSetup(
            variables: variables, logger: logger, metricsSink: metrics, runEvents: renderer.map { $0.handle })
    }

    /// Builds the handler (init errors exit 1 with the error on stderr, as `bootstrap` would report them).
    func makeHandler() async throws -> any LambdaHandler {
        do {
            return try await HandlerRegistry.makeHandler(name: environment.handler, setup: setup)
        } catch let error as RuntimeError {
            StandardErrorSink().write(line: "\(error.errorType): \(error.message)")
            throw ExitCode(1)
        }
    }

    /// A worker id for leases: `cli:HOST:PID`.
    static var owner: String {
        var host = [CChar](repeating: 0, count: 256)
        gethostname(&host, host.count - 1)
        let name = String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return "cli:\(name):\(getpid())"
    }

    /// EMF lines go to `file` (appended), else to stderr.
    static func metricsSink(file: String?) throws -> @Sendable (String) -> Void {
        guard let file else { return { StandardErrorSink().write(line: $0) } }
        let fd = open(file, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard fd >= 0 else {
            throw ValidationError("cannot open --metrics \(file): \(String(cString: strerror(errno)))")
        }
        return { line in
            let bytes = Array((line + "\n").utf8)
            _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        }
    }

    /// Writes text to stderr as is (progress bars redraw in place).
    @Sendable static func writeStandardError(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}
