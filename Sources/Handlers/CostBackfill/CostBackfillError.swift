public import AWS
public import BackfillCore
public import LambdaRuntime

/// The one error shape of the cost-backfill handler: what went wrong (`code`), a message safe to log and return
/// (account ids redacted, no secrets), and context for logs.
public struct CostBackfillError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable, Hashable {
        /// The event is malformed or names a value out of range (reported as `InvalidEvent`).
        case invalidEvent
        /// A required environment variable is missing or malformed (an init error).
        case configuration
        /// Cost Explorer has no data for the period (`DataUnavailableException`): the month is skipped.
        case dataUnavailable
        /// Cost Explorer asked us to slow down (`LimitExceededException` or another throttling answer).
        case throttled
        /// Cost Explorer failed in a way that may pass (a 5xx, a time-out, a dropped connection).
        case transient
        /// Cost Explorer failed in a way retrying will not fix (access denied, validation, exhausted retries).
        case source
        /// Reading or writing the output bucket failed.
        case output
    }

    /// What kind of failure this is.
    public var code: Code
    /// A human-readable message; never contains secrets.
    public var message: String
    /// Extra fields (period, operation, …) for logs.
    public var context: [String: String]
    /// The server's wait hint on a throttling answer, when it sent one.
    public var retryAfter: Duration?
    /// The AWS error's service, operation, code, status and request id, when AWS answered (kept for logs and
    /// operators; not part of the message).
    public var aws: AWSErrorDetails?

    /// Creates an error.
    public init(_ code: Code, _ message: String, context: [String: String] = [:], retryAfter: Duration? = nil) {
        self.code = code
        self.message = message
        self.context = context
        self.retryAfter = retryAfter
    }

    /// The message alone, or `message (key=value, …)` with context.
    public var description: String {
        guard !context.isEmpty else { return message }
        let fields = context.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
        return "\(message) (\(fields))"
    }
}

extension CostBackfillError: LambdaFunctionError {
    /// `InvalidEvent` for bad input, `ConfigurationError` for configuration, `CostBackfillError` otherwise.
    public var errorType: String {
        switch code {
        case .invalidEvent: InvocationError.invalidEventType
        case .configuration: InvocationError.configurationType
        default: "CostBackfillError"
        }
    }

    /// The message reported to the Runtime API.
    public var errorMessage: String { message }
}

extension CostBackfillError: AWSFailure {}
