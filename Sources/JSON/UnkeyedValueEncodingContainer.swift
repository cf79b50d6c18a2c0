/// Encodes an array's elements for `ValueEncoder`.
struct UnkeyedValueEncodingContainer: UnkeyedEncodingContainer {
    let encoder: ValueEncoder
    let array: EncodingArray
    let codingPath: [any CodingKey]

    var count: Int { array.count }

    /// The path of the element about to be appended.
    private var next: [any CodingKey] { codingPath + [JSONCodingKey.index(array.count)] }

    private func append(_ value: JSONValue) { array.append(.value(value)) }

    mutating func encodeNil() { append(.null) }
    mutating func encode(_ value: Bool) { append(.bool(value)) }
    mutating func encode(_ value: String) { append(.string(value)) }
    mutating func encode(_ value: Double) throws { append(try ValueEncoder.double(value, at: next)) }
    mutating func encode(_ value: Float) throws { append(try ValueEncoder.float(value, at: next)) }
    mutating func encode(_ value: Int) throws { try integer(value) }
    mutating func encode(_ value: Int8) throws { try integer(value) }
    mutating func encode(_ value: Int16) throws { try integer(value) }
    mutating func encode(_ value: Int32) throws { try integer(value) }
    mutating func encode(_ value: Int64) throws { try integer(value) }
    mutating func encode(_ value: Int128) throws { try integer(value) }
    mutating func encode(_ value: UInt) throws { try integer(value) }
    mutating func encode(_ value: UInt8) throws { try integer(value) }
    mutating func encode(_ value: UInt16) throws { try integer(value) }
    mutating func encode(_ value: UInt32) throws { try integer(value) }
    mutating func encode(_ value: UInt64) throws { try integer(value) }
    mutating func encode(_ value: UInt128) throws { try integer(value) }

    mutating func encode<Value: Encodable>(_ value: Value) throws {
        array.append(try encoder.box(value, at: next))
    }

    private func integer<Value: BinaryInteger>(_ value: Value) throws {
        append(try ValueEncoder.integer(value, at: next))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<
        NestedKey
    > {
        let nested = EncodingObject()
        let path = next
        array.append(.object(nested))
        return KeyedEncodingContainer(
            KeyedValueEncodingContainer<NestedKey>(encoder: encoder, object: nested, codingPath: path))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = EncodingArray()
        let path = next
        array.append(.array(nested))
        return UnkeyedValueEncodingContainer(encoder: encoder, array: nested, codingPath: path)
    }

    mutating func superEncoder() -> any Encoder {
        let nested = ValueEncoder(codingPath: next, userInfo: encoder.userInfo)
        array.append(.encoder(nested))
        return nested
    }
}
