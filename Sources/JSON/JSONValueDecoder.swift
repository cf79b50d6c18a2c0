/// Decodes any `Decodable` value from a `JSONValue` without Foundation, as JSONDecoder would from its text:
/// an absent key and null both read as nil for optionals, integers are range-checked, and every error names the
/// coding path ("expected a string at months[2], found a number").
public struct JSONValueDecoder: Sendable {
    /// Values handed to every `init(from:)` through `Decoder.userInfo`.
    public var userInfo: [CodingUserInfoKey: any Sendable]

    /// A decoder with empty `userInfo`.
    public init(userInfo: [CodingUserInfoKey: any Sendable] = [:]) {
        self.userInfo = userInfo
    }

    /// Reads a `Value` from `json`.
    public func decode<Value: Decodable>(_ type: Value.Type, from json: JSONValue) throws(JSONCodingError) -> Value {
        do {
            return try ValueDecoder(value: json, codingPath: [], userInfo: userInfo).unbox(type)
        } catch {
            throw JSONCodingError.wrapping(error)
        }
    }
}
