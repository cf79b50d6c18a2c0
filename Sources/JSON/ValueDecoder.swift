/// The `Decoder` behind `JSONValueDecoder`: one per decoded value, reading the `JSONValue` at its coding path.
/// It is also its own single-value container.
struct ValueDecoder: Decoder, SingleValueDecodingContainer {
    let value: JSONValue
    let codingPath: [any CodingKey]
    let userInfo: [CodingUserInfoKey: Any]

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let object) = value else {
            throw JSONCodingError.typeMismatch(expected: "an object", found: value, at: codingPath)
                .asDecodingError([String: Any].self)
        }
        return KeyedDecodingContainer(
            KeyedValueDecodingContainer(decoder: self, object: object, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else {
            throw JSONCodingError.typeMismatch(expected: "an array", found: value, at: codingPath)
                .asDecodingError([Any].self)
        }
        return UnkeyedValueDecodingContainer(decoder: self, elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueDecodingContainer { self }

    // MARK: Reading values

    /// A decoder for the nested `value` at `path`.
    func nested(_ value: JSONValue, at path: [any CodingKey]) -> ValueDecoder {
        ValueDecoder(value: value, codingPath: path, userInfo: userInfo)
    }

    /// Decodes this decoder's value as `Value`.
    func unbox<Value: Decodable>(_ type: Value.Type) throws -> Value {
        if Value.self == JSONValue.self, let json = value as? Value { return json }
        return try Value(from: self)
    }

    func string() throws -> String {
        guard case .string(let text) = value else { throw mismatch("a string", String.self) }
        return text
    }

    func bool() throws -> Bool {
        guard case .bool(let flag) = value else { throw mismatch("a boolean", Bool.self) }
        return flag
    }

    func double() throws -> Double {
        switch value {
        case .int(let number): return Double(number)
        case .double(let number): return number
        default: throw mismatch("a number", Double.self)
        }
    }

    /// A float; a finite number beyond Float's range is an error rather than an infinity.
    func float() throws -> Float {
        let number = try double()
        let narrowed = Float(number)
        guard narrowed.isFinite else { throw outOfRange(Float.self) }
        return narrowed
    }

    /// An integer of any width, range-checked; an integral number written with a fraction or exponent
    /// (`2.0`, `1e3`) counts, as with JSONDecoder.
    func integer<Value: FixedWidthInteger>(_ type: Value.Type) throws -> Value {
        switch value {
        case .int(let number):
            guard let exact = Value(exactly: number) else { throw outOfRange(type) }
            return exact
        case .double(let number):
            guard number.rounded(.towardZero) == number else {
                throw JSONCodingError(
                    .typeMismatch,
                    "expected an integer at \(JSONCodingKey.describe(codingPath)), found \(value.serialized())",
                    codingPath: codingPath
                ).asDecodingError(type)
            }
            guard let exact = Value(exactly: number) else { throw outOfRange(type) }
            return exact
        default:
            throw mismatch("an integer", type)
        }
    }

    private func mismatch(_ expected: String, _ type: Any.Type) -> DecodingError {
        JSONCodingError.typeMismatch(expected: expected, found: value, at: codingPath).asDecodingError(type)
    }

    private func outOfRange(_ type: Any.Type) -> DecodingError {
        JSONCodingError(
            .numberOutOfRange,
            "the number \(value.serialized()) at \(JSONCodingKey.describe(codingPath)) does not fit in \(type)",
            codingPath: codingPath
        ).asDecodingError(type)
    }

    // MARK: SingleValueDecodingContainer

    func decodeNil() -> Bool { value == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try bool() }
    func decode(_ type: String.Type) throws -> String { try string() }
    func decode(_ type: Double.Type) throws -> Double { try double() }
    func decode(_ type: Float.Type) throws -> Float { try float() }
    func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    func decode(_ type: Int128.Type) throws -> Int128 { try integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }
    func decode(_ type: UInt128.Type) throws -> UInt128 { try integer(type) }
    func decode<Value: Decodable>(_ type: Value.Type) throws -> Value { try unbox(type) }
}
