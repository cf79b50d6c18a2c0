public import LambdaRuntime

/// The one error shape of the macro gap-fill module: what went wrong (`code`), a message safe to show, and
/// context (line numbers, field names; never a key).
public struct MacroGapFillError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable, Hashable {
        /// A `missing_dates.txt` line that is neither a comment, blank, nor a date (optionally with a comment).
        case malformedDatesFile
        /// A field map override that names an unknown field or gives a series in a wrong form.
        case invalidFieldMap
        /// A date range or plan option out of range.
        case invalidRange
        /// The macro table failed or returned an item that cannot be read.
        case tableFailure
        /// The event is malformed or names a value out of range (reported as `InvalidEvent`).
        case invalidEvent
        /// A required environment variable is missing or malformed, or the keys cannot be read (an init error).
        case configuration
        /// FRED failed for a fetch in a way the key ring and retries could not get past.
        case source
        /// Writing the scan file to S3 failed.
        case output
    }

    /// What kind of failure this is.
    public var code: Code
    /// A human-readable message.
    public var message: String
    /// Extra fields for logs.
    public var context: [String: String]

    /// Creates an error.
    public init(_ code: Code, _ message: String, context: [String: String] = [:]) {
        self.code = code
        self.message = message
        self.context = context
    }

    /// `code: message (key=value, …)`.
    public var description: String {
        guard !context.isEmpty else { return "\(code.rawValue): \(message)" }
        let fields = context.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
        return "\(code.rawValue): \(message) (\(fields))"
    }
}

extension MacroGapFillError: LambdaFunctionError {
    /// `InvalidEvent` for bad input (a malformed dates file included), `ConfigurationError` for configuration,
    /// `MacroGapFillError` otherwise.
    public var errorType: String {
        switch code {
        case .invalidEvent, .malformedDatesFile, .invalidRange: InvocationError.invalidEventType
        case .configuration, .invalidFieldMap: InvocationError.configurationType
        default: "MacroGapFillError"
        }
    }

    /// The message reported to the Runtime API.
    public var errorMessage: String { message }
}
