public import JSON

/// A handler family's entry point: an event's bytes in, the response's bytes out. Throwing reports a function
/// error for that invocation; the runtime keeps serving.
public protocol LambdaHandler: Sendable {
    func handle(_ event: [UInt8], context: LambdaContext) async throws -> [UInt8]
}

/// A handler that works on parsed JSON. A malformed event is reported as `InvalidEvent` before `handle` runs.
public protocol JSONLambdaHandler: LambdaHandler {
    func handle(event: JSONValue, context: LambdaContext) async throws -> JSONValue
}

extension JSONLambdaHandler {
    public func handle(_ event: [UInt8], context: LambdaContext) async throws -> [UInt8] {
        let value: JSONValue
        do {
            value = try JSONParser.parse(event)
        } catch {
            throw InvocationError.invalidEvent("The event is not valid JSON: \(error.message)")
        }
        return try await handle(event: value, context: context).serializedBytes()
    }
}

/// An error with a Lambda error type of its own (the `errorType` reported to the Runtime API).
public protocol LambdaFunctionError: Error {
    var errorType: String { get }
    var errorMessage: String { get }
}

/// The errors handlers report for bad input or failed work, with the error types callers match on.
public struct InvocationError: LambdaFunctionError, CustomStringConvertible {
    public var errorType: String
    public var errorMessage: String

    public init(type: String, message: String) {
        errorType = type
        errorMessage = message
    }

    /// The error type of a malformed event; every family's own error type reports bad input under it.
    public static let invalidEventType = "InvalidEvent"
    /// The error type of configuration missing for an invocation.
    public static let configurationType = "ConfigurationError"

    /// The event is malformed or names a wrong value; the message says which field and what is allowed.
    public static func invalidEvent(_ message: String) -> InvocationError {
        InvocationError(type: invalidEventType, message: message)
    }

    /// Configuration needed for this invocation is missing.
    public static func configuration(_ message: String) -> InvocationError {
        InvocationError(type: configurationType, message: message)
    }

    public var description: String { "\(errorType): \(errorMessage)" }
}
