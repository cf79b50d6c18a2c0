/// The one error type of the AWSSigV4 module. Signing itself never fails; this covers reading inputs
/// (credentials from the environment, dates and headers typed on a command line).
///
/// Messages and context never carry a secret access key or a session token.
public struct SigV4Error: Error, Sendable, CustomStringConvertible {
    /// What kind of input was wrong.
    public enum Code: String, Sendable {
        /// A credential environment variable is missing or empty; `context["variable"]` names it.
        case missingCredentials
        /// A date is not in the `YYYYMMDDTHHMMSSZ` form or names no real instant.
        case invalidDate
        /// A header argument is not `Name: value`, or its name is not an HTTP token.
        case invalidHeader
        /// Another argument is out of range (e.g. a presign lifetime outside 1...604800 seconds).
        case invalidArgument
    }

    public var code: Code
    public var message: String
    /// Extra facts for logs and tests (names of variables, offending argument), never secrets.
    public var context: [String: String]

    /// An error of `code` with a human-readable `message`.
    public init(_ code: Code, _ message: String, context: [String: String] = [:]) {
        self.code = code
        self.message = message
        self.context = context
    }

    public var description: String { "SigV4 \(code.rawValue): \(message)" }
}
