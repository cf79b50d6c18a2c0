/// The one error type of the Formats module: what went wrong, a message fit for logs (never row values that
/// could be secrets, only column names, positions and types), and the underlying error when a sink failed.
public struct FormatsError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, coarsely.
    public enum Code: String, Sendable {
        /// The schema itself is unusable (no columns, duplicate or empty names).
        case invalidSchema
        /// A row has a different number of values than the schema has columns.
        case rowShape
        /// A value does not fit its column's type.
        case typeMismatch
        /// A number is outside the range of its column's type.
        case valueOutOfRange
        /// A required (non-nullable) column got a null.
        case missingRequiredValue
        /// `write` or `finish` was called after `finish`.
        case writerFinished
        /// zlib reported an error.
        case compressionFailed
        /// The byte sink (file, memory, S3 upload) failed; `underlying` holds its error.
        case sinkFailed
    }

    public var code: Code
    public var message: String
    /// Where it happened, e.g. `["column": "amount", "row": "17"]`.
    public var context: [String: String]
    /// The error that caused this one, if any (a sink's own error).
    public var underlying: (any Error)?

    public init(_ code: Code, _ message: String, context: [String: String] = [:], underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.context = context
        self.underlying = underlying
    }

    public var description: String {
        var text = "Formats \(code.rawValue): \(message)"
        if !context.isEmpty {
            text +=
                " (" + context.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ") + ")"
        }
        if let underlying { text += ": \(underlying)" }
        return text
    }
}
