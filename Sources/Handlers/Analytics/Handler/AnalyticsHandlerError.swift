public import AWS
public import BackfillCore
public import LambdaRuntime

/// The error of the `analytics-export` and `analytics-aggregate` handlers: what went wrong (`code`), a message
/// safe to log and return (worded as the existing tool's where users grep for it), and context for logs.
public struct AnalyticsHandlerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable, Hashable {
        /// The event is malformed (reported as `InvalidEvent`).
        case invalidEvent
        /// A required environment variable is missing or malformed (an init error).
        case configuration
        /// DynamoDB refused to start the export (conflict, limit, PITR disabled, …).
        case export
        /// Reading the export, writing the table or publishing metrics failed.
        case aggregate
    }

    /// What kind of failure this is.
    public var code: Code
    /// A human-readable message; never contains secrets.
    public var message: String
    /// Extra fields for logs.
    public var context: [String: String]
    /// The AWS error's details, when AWS answered.
    public var aws: AWSErrorDetails?

    /// Creates an error.
    public init(_ code: Code, _ message: String, context: [String: String] = [:]) {
        self.code = code
        self.message = message
        self.context = context
    }

    /// The message alone, or `message (key=value, …)` with context.
    public var description: String {
        guard !context.isEmpty else { return message }
        let fields = context.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
        return "\(message) (\(fields))"
    }
}

extension AnalyticsHandlerError: LambdaFunctionError {
    /// `InvalidEvent` for bad input, `ConfigurationError` for configuration, `AnalyticsError` otherwise.
    public var errorType: String {
        switch code {
        case .invalidEvent: InvocationError.invalidEventType
        case .configuration: InvocationError.configurationType
        case .export: "ExportError"
        case .aggregate: "AnalyticsError"
        }
    }

    /// The message reported to the Runtime API.
    public var errorMessage: String { message }
}

extension AnalyticsHandlerError: AWSFailure {}
