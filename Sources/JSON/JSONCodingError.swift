/// A Swift value could not be encoded to, or decoded from, a `JSONValue`: what went wrong, where (the coding
/// path), and a message that says both ("expected a string at months[2], found a number").
public struct JSONCodingError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable {
        /// The JSON value has another type than the one asked for.
        case typeMismatch
        /// A required key is absent.
        case keyNotFound
        /// A required value is null, or an array ended before it.
        case valueNotFound
        /// A number does not fit the integer or floating-point type asked for, or (encoding) an unsigned value
        /// is beyond what a `JSONValue` number holds exactly.
        case numberOutOfRange
        /// A value has no JSON form: a non-finite floating-point number, or a top-level value that encoded nothing.
        case invalidValue
        /// A type's own `init(from:)` rejected the data (an unknown enum raw value, say).
        case dataCorrupted
        /// A type's own `encode(to:)` or `init(from:)` threw an error of its own; see `underlying`.
        case other
    }

    /// What kind of failure this is.
    public var code: Code
    /// A human-readable explanation including the coding path.
    public var message: String
    /// The keys and array positions from the top-level value to the failing one.
    public var codingPath: [any CodingKey]
    /// The error a type's own `encode(to:)` or `init(from:)` threw, when the failure came from there.
    public var underlying: (any Error)?

    /// An error whose `message` is given in full.
    public init(_ code: Code, _ message: String, codingPath: [any CodingKey], underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.codingPath = codingPath
        self.underlying = underlying
    }

    /// The coding path as text: `months[2].period`, or "the top level".
    public var path: String { JSONCodingKey.describe(codingPath) }

    /// The message.
    public var description: String { message }

    /// "expected a string at months[2], found a number".
    static func typeMismatch(expected: String, found value: JSONValue, at path: [any CodingKey]) -> JSONCodingError {
        let code: Code = value == .null ? .valueNotFound : .typeMismatch
        return JSONCodingError(
            code, "expected \(expected) at \(JSONCodingKey.describe(path)), found \(value.typeDescription)",
            codingPath: path)
    }

    /// Maps the standard errors (thrown by these coders' containers or by a type's own Codable code) and any
    /// other error to one `JSONCodingError`.
    static func wrapping(_ error: any Error) -> JSONCodingError {
        if let error = error as? JSONCodingError { return error }
        if let error = error as? DecodingError {
            switch error {
            case .typeMismatch(_, let context): return from(context, .typeMismatch, error)
            case .valueNotFound(_, let context): return from(context, .valueNotFound, error)
            case .keyNotFound(_, let context): return from(context, .keyNotFound, error)
            case .dataCorrupted(let context): return from(context, .dataCorrupted, error)
            @unknown default: return JSONCodingError(.other, "\(error)", codingPath: [], underlying: error)
            }
        }
        if let error = error as? EncodingError {
            switch error {
            case .invalidValue(_, let context):
                if let own = context.underlyingError as? JSONCodingError { return own }
                return JSONCodingError(
                    .invalidValue, "\(context.debugDescription) at \(JSONCodingKey.describe(context.codingPath))",
                    codingPath: context.codingPath, underlying: error)
            @unknown default: return JSONCodingError(.other, "\(error)", codingPath: [], underlying: error)
            }
        }
        return JSONCodingError(.other, "\(error)", codingPath: [], underlying: error)
    }

    private static func from(_ context: DecodingError.Context, _ code: Code, _ error: DecodingError) -> JSONCodingError
    {
        if let own = context.underlyingError as? JSONCodingError { return own }
        return JSONCodingError(
            code, "\(context.debugDescription) at \(JSONCodingKey.describe(context.codingPath))",
            codingPath: context.codingPath, underlying: error)
    }

    /// This error as the standard `DecodingError` the containers throw, so a type's own `init(from:)` can catch
    /// it as it would from JSONDecoder; the top level turns it back into this error.
    func asDecodingError(_ type: Any.Type) -> DecodingError {
        let context = DecodingError.Context(codingPath: codingPath, debugDescription: message, underlyingError: self)
        switch code {
        case .keyNotFound:
            let parent = DecodingError.Context(
                codingPath: Array(codingPath.dropLast()), debugDescription: message, underlyingError: self)
            return .keyNotFound(codingPath.last ?? JSONCodingKey.super, parent)
        case .valueNotFound: return .valueNotFound(type, context)
        case .typeMismatch: return .typeMismatch(type, context)
        default: return .dataCorrupted(context)
        }
    }

    /// This error as the standard `EncodingError` the containers throw.
    func asEncodingError(_ value: Any) -> EncodingError {
        .invalidValue(
            value, EncodingError.Context(codingPath: codingPath, debugDescription: message, underlyingError: self))
    }
}
