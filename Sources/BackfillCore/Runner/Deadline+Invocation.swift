public import LambdaRuntime
import Timekeeping

extension Deadline {
    /// The deadline of a Lambda invocation: the time its context has left, or none at all once SIGTERM asked the
    /// process to stop (the runner then claims nothing more and returns a continuation).
    public static func invocation(_ context: LambdaContext) -> Deadline {
        let shutdown = context.shutdownRequested
        let time = context.time
        let deadline = context.deadline
        return .remaining { shutdown() ? .zero : deadline - time.now }
    }
}

extension LambdaContext {
    /// The worker id an invocation holds leases under: `lambda:{request id}`.
    public var workerID: String { "lambda:\(requestID)" }
}
