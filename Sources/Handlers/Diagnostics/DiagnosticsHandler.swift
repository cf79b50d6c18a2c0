public import JSON
public import LambdaRuntime
import Logging
import Timekeeping

/// `_HANDLER=diagnostics`: answers with what the runtime knows about the invocation — a smoke test for
/// operators after a deploy. `{"echo": true}` also returns the event itself, to check what was delivered;
/// `{"fail": "message"}` makes the invocation fail with that message, to check error alarms and retries.
public struct DiagnosticsHandler: JSONLambdaHandler {
    public init() {}

    public func handle(event: JSONValue, context: LambdaContext) async throws -> JSONValue {
        var result: JSONObject = [
            "handler": "diagnostics",
            "requestId": .string(context.requestID),
            "functionArn": .string(context.invokedFunctionARN),
            "functionName": .string(context.functionName),
            "functionVersion": .string(context.functionVersion),
            "remainingMs": .int(context.remainingTime.wholeMilliseconds),
            "traceId": context.traceID.map(JSONValue.string) ?? .null,
            "memoryLimitMB": .int(Int64(context.memoryLimitMB)),
            "region": .string(context.region),
            "version": .string(EngineVersion.current),
        ]
        if let failure = event["fail"], failure != .bool(false), !failure.isNull {
            throw InvocationError(
                type: "DiagnosticsRequestedFailure", message: failure.stringValue ?? "failure requested by the event")
        }
        if event["echo"] == .bool(true) { result["event"] = event }
        context.logger.info("diagnostics", metadata: ["remainingMs": "\(context.remainingTime.wholeMilliseconds)"])
        return .object(result)
    }
}
