/// The one error shape of the Analytics module: what went wrong, a message safe to log, and context.
public struct AnalyticsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable, Hashable {
        /// A manifest (`manifest-summary.json`, `manifest-files.json`) that cannot be read.
        case invalidManifest
        /// No completed export of the requested type was found.
        case exportNotFound
        /// A data file that is not valid gzip, or a line longer than the reader allows.
        case unreadableDataFile
        /// A partial aggregate whose bytes cannot be decoded.
        case invalidPartialAggregate
    }

    /// What kind of failure this is.
    public var code: Code
    /// A human-readable message; never contains secrets.
    public var message: String
    /// Extra fields (export id, key, line number, …) for logs.
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
