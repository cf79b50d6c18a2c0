public import Logging
import Timekeeping

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a Lambda function process: reads the environment once, builds the handler, serves events until the
/// Runtime API fails or SIGTERM arrives. An init failure is reported to `/init/error` and the process exits 1.
public enum LambdaRuntime {
    /// Builds the handler for `_HANDLER` from the environment; throwing is an init error.
    public typealias HandlerFactory = @Sendable (RuntimeEnvironment, Logger) async throws -> any LambdaHandler

    /// The process entry point used by `bootstrap`. Never returns.
    public static func main(variables: [String: String], makeHandler: HandlerFactory) async -> Never {
        let environment: RuntimeEnvironment
        do {
            environment = try RuntimeEnvironment(variables: variables)
        } catch {
            StandardOutputSink().write(line: "bootstrap: \(error.message); it must run under the Lambda Runtime API")
            exit(1)
        }
        let logger = makeLogger(environment)
        LoggingSystem.bootstrap { _ in
            LambdaLogHandler(format: environment.logFormat, level: LambdaLogHandler.level(environment.logLevel))
        }
        let client: RuntimeSocketClient
        do {
            client = try RuntimeSocketClient(runtimeAPI: environment.runtimeAPI)
        } catch {
            logger.critical("\(error.message)")
            exit(1)
        }

        let handler: any LambdaHandler
        do {
            handler = try await makeHandler(environment, logger)
        } catch {
            let reported = ReportedError(describing: error)
            logger.critical("init failed: \(reported.errorType): \(reported.errorMessage)")
            try? await client.failInit(error: reported)
            exit(1)
        }

        let shutdown = ShutdownSignal(onIdleShutdown: {
            fflush(nil)
            exit(0)
        })
        shutdown.install()
        let loop = LambdaRuntimeLoop(
            client: client, handler: handler, environment: environment, logger: logger, shutdown: shutdown)
        do {
            try await loop.run()
            fflush(nil)
            exit(0)
        } catch {
            logger.critical("the runtime stops: \(error)")
            fflush(nil)
            exit(1)
        }
    }

    /// The runtime's base logger for an environment (format and level from `AWS_LAMBDA_LOG_*`).
    public static func makeLogger(_ environment: RuntimeEnvironment, sink: any LogLineSink = StandardOutputSink())
        -> Logger
    {
        Logger(label: "bootstrap") { _ in
            LambdaLogHandler(
                format: environment.logFormat, level: LambdaLogHandler.level(environment.logLevel), sink: sink)
        }
    }
}
