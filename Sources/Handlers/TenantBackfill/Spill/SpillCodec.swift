import Formats
import JSON
import Timekeeping

/// The compact binary form of a cleaned record in a spill file (not JSON text): a little-endian `UInt32` length,
/// then the update time (milliseconds, 8 bytes), the id and the record hash (each a varint length and UTF-8),
/// and the record's members. A value is a tag byte (0 null, 1 false, 2 true, 3 integer as a zigzag varint,
/// 4 double as 8 bytes, 5 string, 6 array: count and values, 7 object: count and key/value pairs) and its body.
enum SpillCodec {
    /// A decoded record: what the Parquet row of a winner needs.
    struct Entry {
        var updatedMillis: Int64
        var id: String
        var hash: String
        var members: [(key: String, value: JSONValue)]
    }

    /// Appends the framed record to `buffer`.
    static func append(_ record: ChunkRecords.Record, to buffer: inout [UInt8]) {
        let lengthAt = buffer.count
        buffer.append(contentsOf: [0, 0, 0, 0])
        appendFixed(UInt64(bitPattern: record.updated.millisecondsSince1970), to: &buffer)
        appendString(record.id, to: &buffer)
        appendString(record.hash, to: &buffer)
        appendVarint(UInt64(record.object.count), to: &buffer)
        for (key, value) in record.object {
            appendString(key, to: &buffer)
            appendValue(value, to: &buffer)
        }
        let length = UInt32(buffer.count - lengthAt - 4)
        for shift in 0..<4 { buffer[lengthAt + shift] = UInt8(truncatingIfNeeded: length >> (8 * UInt32(shift))) }
    }

    static func appendValue(_ value: JSONValue, to buffer: inout [UInt8]) {
        switch value {
        case .null: buffer.append(0)
        case .bool(let flag): buffer.append(flag ? 2 : 1)
        case .int(let number):
            buffer.append(3)
            appendVarint(UInt64(bitPattern: (number << 1) ^ (number >> 63)), to: &buffer)
        case .double(let number):
            buffer.append(4)
            appendFixed(number.bitPattern, to: &buffer)
        case .string(let text):
            buffer.append(5)
            appendString(text, to: &buffer)
        case .array(let values):
            buffer.append(6)
            appendVarint(UInt64(values.count), to: &buffer)
            for element in values { appendValue(element, to: &buffer) }
        case .object(let object):
            buffer.append(7)
            appendVarint(UInt64(object.count), to: &buffer)
            for (key, member) in object {
                appendString(key, to: &buffer)
                appendValue(member, to: &buffer)
            }
        }
    }

    static func appendString(_ text: String, to buffer: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            appendVarint(UInt64(bytes.count), to: &buffer)
            buffer.append(contentsOf: bytes)
        }
    }

    static func appendVarint(_ value: UInt64, to buffer: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            buffer.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        buffer.append(UInt8(value))
    }

    static func appendFixed(_ value: UInt64, to buffer: inout [UInt8]) {
        for shift in 0..<8 { buffer.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(shift)))) }
    }

    /// The length of the framed record starting at `bytes[0]`.
    static func frameLength(_ bytes: UnsafeRawBufferPointer) -> Int {
        Int(bytes[0]) | Int(bytes[1]) << 8 | Int(bytes[2]) << 16 | Int(bytes[3]) << 24
    }

    /// Decodes one record's payload (the bytes after its length).
    static func decode(_ bytes: UnsafeRawBufferPointer) throws(TenantBackfillError) -> Entry {
        var reader = Reader(bytes: bytes)
        let updated = Int64(bitPattern: try reader.fixed())
        let id = try reader.string()
        let hash = try reader.string()
        let count = try reader.count()
        var members: [(key: String, value: JSONValue)] = []
        members.reserveCapacity(count)
        for _ in 0..<count { members.append((try reader.string(), try reader.value())) }
        return Entry(updatedMillis: updated, id: id, hash: hash, members: members)
    }

    /// Feeds one record's member names and value types to `accumulator`, skipping the values themselves.
    static func scanKinds(
        _ bytes: UnsafeRawBufferPointer, into accumulator: inout SchemaAccumulator
    ) throws(TenantBackfillError) {
        var reader = Reader(bytes: bytes)
        _ = try reader.fixed()
        try reader.skipString()
        try reader.skipString()
        for _ in 0..<(try reader.count()) {
            let key = try reader.string()
            accumulator.add(key: key, kind: try reader.skipValue())
        }
    }

    /// Reads the payload of one record; a truncated or garbled spill file is a `writeFailed` error.
    struct Reader {
        let bytes: UnsafeRawBufferPointer
        var position = 0

        mutating func byte() throws(TenantBackfillError) -> UInt8 {
            guard position < bytes.count else { throw Self.corrupt() }
            defer { position += 1 }
            return bytes[position]
        }

        mutating func varint() throws(TenantBackfillError) -> UInt64 {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let next = try byte()
                value |= UInt64(next & 0x7F) << shift
                if next < 0x80 { return value }
                shift += 7
                guard shift < 64 else { throw Self.corrupt() }
            }
        }

        mutating func count() throws(TenantBackfillError) -> Int {
            let value = try varint()
            guard value <= UInt64(bytes.count - position) else { throw Self.corrupt() }
            return Int(value)
        }

        mutating func fixed() throws(TenantBackfillError) -> UInt64 {
            guard position + 8 <= bytes.count else { throw Self.corrupt() }
            var value: UInt64 = 0
            for shift in 0..<8 { value |= UInt64(bytes[position + shift]) << (8 * UInt64(shift)) }
            position += 8
            return value
        }

        mutating func string() throws(TenantBackfillError) -> String {
            let length = try count()
            defer { position += length }
            return String(
                decoding: UnsafeRawBufferPointer(rebasing: bytes[position..<position + length]), as: UTF8.self)
        }

        mutating func value() throws(TenantBackfillError) -> JSONValue {
            switch try byte() {
            case 0: return .null
            case 1: return .bool(false)
            case 2: return .bool(true)
            case 3:
                let zigzag = try varint()
                return .int(Int64(bitPattern: zigzag >> 1) ^ -Int64(bitPattern: zigzag & 1))
            case 4: return .double(Double(bitPattern: try fixed()))
            case 5: return .string(try string())
            case 6:
                let count = try count()
                var values: [JSONValue] = []
                values.reserveCapacity(count)
                for _ in 0..<count { values.append(try value()) }
                return .array(values)
            case 7:
                let count = try count()
                var members: [(String, JSONValue)] = []
                members.reserveCapacity(count)
                for _ in 0..<count { members.append((try string(), try value())) }
                return .object(JSONObject(members))
            default: throw Self.corrupt()
            }
        }

        mutating func skipString() throws(TenantBackfillError) {
            position += try count()
        }

        /// Skips one value and says what kind it was.
        mutating func skipValue() throws(TenantBackfillError) -> RowSchemaInference.Kind {
            switch try byte() {
            case 0: return .null
            case 1, 2: return .boolean
            case 3:
                _ = try varint()
                return .integer
            case 4:
                _ = try fixed()
                return .double
            case 5:
                try skipString()
                return .string
            case 6:
                for _ in 0..<(try count()) { _ = try skipValue() }
                return .json
            case 7:
                for _ in 0..<(try count()) {
                    try skipString()
                    _ = try skipValue()
                }
                return .json
            default: throw Self.corrupt()
            }
        }

        static func corrupt() -> TenantBackfillError {
            TenantBackfillError(.writeFailed, "the chunk's spill file is corrupt (a record could not be read back)")
        }
    }
}
