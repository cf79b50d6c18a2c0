/// The `Encoder` behind `JSONValueEncoder`: one per encoded value, holding what that value produced. It is also
/// its own single-value container.
final class ValueEncoder: Encoder, SingleValueEncodingContainer {
    let codingPath: [any CodingKey]
    let userInfo: [CodingUserInfoKey: Any]
    /// What the value encoded so far; nil until it encodes something.
    var node: EncodingNode?

    init(codingPath: [any CodingKey], userInfo: [CodingUserInfoKey: Any]) {
        self.codingPath = codingPath
        self.userInfo = userInfo
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let object: EncodingObject
        if case .object(let existing) = node {
            object = existing
        } else {
            object = EncodingObject()
            node = .object(object)
        }
        return KeyedEncodingContainer(
            KeyedValueEncodingContainer(encoder: self, object: object, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let array: EncodingArray
        if case .array(let existing) = node {
            array = existing
        } else {
            array = EncodingArray()
            node = .array(array)
        }
        return UnkeyedValueEncodingContainer(encoder: self, array: array, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    // MARK: Turning values into nodes

    /// Encodes a nested value at `path`, giving its node.
    func box<Value: Encodable>(_ value: Value, at path: [any CodingKey]) throws -> EncodingNode {
        if let json = value as? JSONValue { return .value(json) }
        let encoder = ValueEncoder(codingPath: path, userInfo: userInfo)
        try value.encode(to: encoder)
        return encoder.node ?? .value(.object(JSONObject()))
    }

    /// An integer as a JSON number: exact as `.int` when it fits in 64 bits, else as an exactly equal `.double`;
    /// an integer neither holds exactly is an error rather than a silently different number.
    static func integer<Value: BinaryInteger>(_ value: Value, at path: [any CodingKey]) throws -> JSONValue {
        if let exact = Int64(exactly: value) { return .int(exact) }
        if let exact = Double(exactly: value) { return .double(exact) }
        throw JSONCodingError(
            .numberOutOfRange,
            "\(Value.self) value \(value) at \(JSONCodingKey.describe(path)) is beyond Int64 and has no exact "
                + "Double, so a JSON number cannot hold it exactly",
            codingPath: path
        ).asEncodingError(value)
    }

    /// A finite double; NaN and the infinities have no JSON form.
    static func double(_ value: Double, at path: [any CodingKey]) throws -> JSONValue {
        guard value.isFinite else { throw nonFinite(value, at: path) }
        return .double(value)
    }

    /// A finite float, held as the double nearest its shortest decimal form (so `0.1` stays `0.1` in JSON
    /// text, as JSONEncoder writes it), falling back to its exact value if that would not read back the same.
    static func float(_ value: Float, at path: [any CodingKey]) throws -> JSONValue {
        guard value.isFinite else { throw nonFinite(value, at: path) }
        if let shortest = Double(value.description), Float(shortest) == value { return .double(shortest) }
        return .double(Double(value))
    }

    private static func nonFinite<Value: BinaryFloatingPoint>(_ value: Value, at path: [any CodingKey]) -> EncodingError
    {
        JSONCodingError(
            .invalidValue,
            "\(Value.self) value \(value) at \(JSONCodingKey.describe(path)) is not a finite number, "
                + "which JSON cannot represent", codingPath: path
        ).asEncodingError(value)
    }

    // MARK: SingleValueEncodingContainer

    func encodeNil() { node = .value(.null) }
    func encode(_ value: Bool) { node = .value(.bool(value)) }
    func encode(_ value: String) { node = .value(.string(value)) }
    func encode(_ value: Double) throws { node = .value(try Self.double(value, at: codingPath)) }
    func encode(_ value: Float) throws { node = .value(try Self.float(value, at: codingPath)) }
    func encode(_ value: Int) throws { try encodeInteger(value) }
    func encode(_ value: Int8) throws { try encodeInteger(value) }
    func encode(_ value: Int16) throws { try encodeInteger(value) }
    func encode(_ value: Int32) throws { try encodeInteger(value) }
    func encode(_ value: Int64) throws { try encodeInteger(value) }
    func encode(_ value: Int128) throws { try encodeInteger(value) }
    func encode(_ value: UInt) throws { try encodeInteger(value) }
    func encode(_ value: UInt8) throws { try encodeInteger(value) }
    func encode(_ value: UInt16) throws { try encodeInteger(value) }
    func encode(_ value: UInt32) throws { try encodeInteger(value) }
    func encode(_ value: UInt64) throws { try encodeInteger(value) }
    func encode(_ value: UInt128) throws { try encodeInteger(value) }
    func encode<Value: Encodable>(_ value: Value) throws { node = try box(value, at: codingPath) }

    private func encodeInteger<Value: BinaryInteger>(_ value: Value) throws {
        node = .value(try Self.integer(value, at: codingPath))
    }
}
