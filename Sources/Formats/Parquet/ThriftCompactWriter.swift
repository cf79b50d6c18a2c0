/// Encodes Thrift structures in the compact protocol, the encoding of Parquet's page headers and footer.
///
/// Callers write fields in increasing id order inside `beginStruct`/`endStruct` pairs; field ids are
/// delta-encoded against the previous field of the same struct, as the protocol requires.
struct ThriftCompactWriter {
    /// Compact-protocol type nibbles.
    enum FieldType: UInt8 {
        case boolTrue = 1
        case boolFalse = 2
        case byte = 3
        case i16 = 4
        case i32 = 5
        case i64 = 6
        case double = 7
        case binary = 8
        case list = 9
        case set = 10
        case map = 11
        case `struct` = 12
    }

    private(set) var bytes: [UInt8] = []
    private var lastFieldID: Int16 = 0
    private var fieldIDStack: [Int16] = []

    init() {
        bytes.reserveCapacity(64)
    }

    // MARK: Fields

    mutating func i16(_ id: Int16, _ value: Int16) {
        fieldHeader(id, .i16)
        varint(zigzag(Int64(value)))
    }

    mutating func i32(_ id: Int16, _ value: Int32) {
        fieldHeader(id, .i32)
        varint(zigzag(Int64(value)))
    }

    mutating func i64(_ id: Int16, _ value: Int64) {
        fieldHeader(id, .i64)
        varint(zigzag(value))
    }

    mutating func bool(_ id: Int16, _ value: Bool) {
        fieldHeader(id, value ? .boolTrue : .boolFalse)
    }

    mutating func binary(_ id: Int16, _ value: [UInt8]) {
        fieldHeader(id, .binary)
        binaryValue(value)
    }

    mutating func string(_ id: Int16, _ value: String) {
        binary(id, Array(value.utf8))
    }

    /// Opens a struct-valued field; fields written next belong to it until `endStruct`.
    mutating func beginStruct(_ id: Int16) {
        fieldHeader(id, .struct)
        beginStructValue()
    }

    /// Opens a list-valued field of `count` elements of `elementType`.
    mutating func beginList(_ id: Int16, _ elementType: FieldType, count: Int) {
        fieldHeader(id, .list)
        if count < 15 {
            bytes.append(UInt8(count) << 4 | elementType.rawValue)
        } else {
            bytes.append(0xF0 | elementType.rawValue)
            varint(UInt64(count))
        }
    }

    // MARK: Values (list elements)

    /// Opens a struct that is a list element (no field header).
    mutating func beginStructValue() {
        fieldIDStack.append(lastFieldID)
        lastFieldID = 0
    }

    /// Writes the stop byte and returns to the enclosing struct.
    mutating func endStruct() {
        bytes.append(0)
        lastFieldID = fieldIDStack.removeLast()
    }

    mutating func i32Value(_ value: Int32) {
        varint(zigzag(Int64(value)))
    }

    mutating func binaryValue(_ value: [UInt8]) {
        varint(UInt64(value.count))
        bytes += value
    }

    mutating func stringValue(_ value: String) {
        binaryValue(Array(value.utf8))
    }

    /// Ends the top-level struct (a stop byte) and returns the encoded bytes.
    mutating func finishTopLevel() -> [UInt8] {
        bytes.append(0)
        return bytes
    }

    // MARK: Primitives

    private mutating func fieldHeader(_ id: Int16, _ type: FieldType) {
        let delta = id - lastFieldID
        if delta > 0 && delta <= 15 {
            bytes.append(UInt8(delta) << 4 | type.rawValue)
        } else {
            bytes.append(type.rawValue)
            varint(zigzag(Int64(id)))
        }
        lastFieldID = id
    }

    private func zigzag(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value << 1) ^ (value >> 63))
    }

    private mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }
}
