public import Logging
import Timekeeping

/// Runs a handler in-process, as the Lambda loop would for one event: same context fields, same error mapping.
/// Used by `backfill invoke` and tests.
public struct LocalInvoker: Sendable {
    public let handler: any LambdaHandler
    public let environment: RuntimeEnvironment
    public let logger: Logger

    public init(handler: any LambdaHandler, environment: RuntimeEnvironment, logger: Logger) {
        self.handler = handler
        self.environment = environment
        self.logger = logger
    }

    /// Invokes once; returns the response bytes or the error document the Runtime API would have received.
    public func invoke(event: [UInt8], timeout: Duration, requestID: String) async -> Result<[UInt8], ReportedError> {
        let time = SystemTimeSource()
        var invocationLogger = logger
        invocationLogger[metadataKey: "requestId"] = "\(requestID)"
        let context = LambdaContext(
            requestID: requestID, deadline: time.now + timeout,
            invokedFunctionARN:
                "arn:aws:lambda:\(environment.region):000000000000:function:\(environment.functionName)",
            functionName: environment.functionName, functionVersion: environment.functionVersion,
            memoryLimitMB: environment.memoryLimitMB, region: environment.region, logger: invocationLogger, time: time)
        do {
            return .success(try await handler.handle(event, context: context))
        } catch {
            return .failure(ReportedError(describing: error))
        }
    }

    /// The JSON document for a reported error (what `/error` receives).
    public static func errorDocument(_ error: ReportedError) -> [UInt8] {
        RuntimeSocketClient.errorBody(error)
    }
}
