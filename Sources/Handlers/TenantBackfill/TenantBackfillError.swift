/// The one error of the tenant backfill module: a code, a message a person can act on, and context.
public struct TenantBackfillError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The settings document or a tenant override is malformed or out of range.
        case invalidSettings
        /// A service has no settings.
        case unknownService
        /// A table schema could not be read or built.
        case invalidSchema
        /// Writing a chunk's file failed.
        case writeFailed
    }

    public var code: Code
    public var message: String
    /// The error underneath, if any.
    public var underlying: (any Error)?

    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String {
        if let underlying { return "\(message): \(underlying)" }
        return message
    }
}
