public import LambdaRuntime

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
        /// The event is malformed (reported as `InvalidEvent`).
        case invalidEvent
        /// A required environment variable or the configuration document is missing or malformed.
        case configuration
        /// The tenant, its service item or its credentials are missing or unusable.
        case tenant
        /// A source (an API or an ingestion function) failed for the chunk.
        case sourceFailed
        /// The data bucket, the markers table or the canonical trigger failed.
        case output
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

extension TenantBackfillError: LambdaFunctionError {
    /// `InvalidEvent` for bad input, `ConfigurationError` for configuration, `TenantBackfillError` otherwise.
    public var errorType: String {
        switch code {
        case .invalidEvent: InvocationError.invalidEventType
        case .configuration: InvocationError.configurationType
        default: "TenantBackfillError"
        }
    }

    /// The message reported to the Runtime API.
    public var errorMessage: String { description }
}
