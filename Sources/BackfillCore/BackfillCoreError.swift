/// The one error shape of BackfillCore: what went wrong (`code`), a message safe to log, and context.
public struct BackfillCoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable, Hashable {
        /// A partition key, range or scheme that cannot be built.
        case invalidPartition
        /// A job id the store does not know.
        case jobNotFound
        /// A job whose status forbids the operation (e.g. resuming a cancelled job).
        case invalidJobState
        /// A job too large for the store's layout (the DynamoDB item limit).
        case jobTooLarge
        /// A conditional write lost a race in a way the caller cannot recover from.
        case conflict
        /// The backing store failed (network, throttling, malformed item).
        case storeFailure
        /// A configuration value out of range.
        case invalidConfiguration
    }

    /// What kind of failure this is.
    public var code: Code
    /// A human-readable message; never contains secrets.
    public var message: String
    /// Extra fields (job id, partition key, …) for logs.
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
