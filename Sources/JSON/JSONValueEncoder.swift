/// Encodes any `Encodable` value to a `JSONValue` without Foundation, matching JSONEncoder's default behaviour:
/// object keys in the order they are encoded, nil optionals left out, `[UInt8]` as an array of numbers, integers
/// exact (64-bit values as `.int`), non-finite floating-point values an error.
public struct JSONValueEncoder: Sendable {
    /// Values handed to every `encode(to:)` through `Encoder.userInfo`.
    public var userInfo: [CodingUserInfoKey: any Sendable]

    /// An encoder with empty `userInfo`.
    public init(userInfo: [CodingUserInfoKey: any Sendable] = [:]) {
        self.userInfo = userInfo
    }

    /// The JSON form of `value`.
    public func encode<Value: Encodable>(_ value: Value) throws(JSONCodingError) -> JSONValue {
        if let json = value as? JSONValue { return json }
        let encoder = ValueEncoder(codingPath: [], userInfo: userInfo)
        do {
            try value.encode(to: encoder)
        } catch {
            throw JSONCodingError.wrapping(error)
        }
        guard let node = encoder.node else {
            throw JSONCodingError(.invalidValue, "\(Value.self) did not encode any value", codingPath: [])
        }
        return node.resolved()
    }
}
