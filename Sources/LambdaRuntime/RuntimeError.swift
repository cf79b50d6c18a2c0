/// The one error type of the runtime module.
public struct RuntimeError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// A required environment variable is missing or malformed.
        case missingConfiguration
        /// `_HANDLER` names no known handler.
        case unknownHandler
        /// The Runtime API answered something the contract does not allow.
        case protocolViolation
        /// The Runtime API reported a container error (HTTP 500): the process must exit.
        case containerError
        /// The response is larger than Lambda accepts.
        case responseTooLarge
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

extension RuntimeError: LambdaFunctionError {
    /// `Runtime.UnknownHandler`, `Runtime.MissingConfiguration`, … as reported to the Runtime API.
    public var errorType: String {
        let name = code.rawValue
        return "Runtime." + name.prefix(1).uppercased() + name.dropFirst()
    }

    public var errorMessage: String { message }
}
