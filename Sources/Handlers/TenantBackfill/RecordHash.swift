import CCrypto
public import JSON

/// The `_record_hash` of a record: SHA-256 (OpenSSL libcrypto) of its canonical JSON (compact, keys sorted at
/// every level), as 64 lowercase hex digits. Equal records hash equal however their members were ordered.
///
/// One pass and no heap allocation besides the returned string: the canonical text is written into a small
/// stack buffer that is fed to an incremental SHA-256 whenever it fills; object members are put in key order
/// through a stack array of their positions.
public enum RecordHash {
    public static func hex(_ record: JSONValue) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bufferSize + 32) { space in
            var writer = Writer(buffer: space.baseAddress!, capacity: bufferSize, sink: DigestSink())
            writer.value(record)
            writer.flush()
            let digest = space.baseAddress! + bufferSize
            bf_sha256_final(&writer.sink.context, digest)
            return String(unsafeUninitializedCapacity: 64) { text in
                for offset in 0..<32 {
                    text[2 * offset] = hexDigit(digest[offset] >> 4)
                    text[2 * offset + 1] = hexDigit(digest[offset] & 0x0F)
                }
                return 64
            }
        }
    }

    /// The bytes hashed: exactly `record.serializedBytes(sortedKeys: true)`.
    package static func canonicalBytes(_ record: JSONValue) -> [UInt8] {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bufferSize) { space in
            var writer = Writer(buffer: space.baseAddress!, capacity: bufferSize, sink: ArraySink())
            writer.value(record)
            writer.flush()
            return writer.sink.bytes
        }
    }

    private static let bufferSize = 2048

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") - 10 + nibble
    }

    /// Where full buffers of canonical text go.
    private protocol Sink {
        mutating func consume(_ bytes: UnsafeRawBufferPointer)
    }

    private struct DigestSink: Sink {
        var context = bf_sha256_ctx()
        init() { bf_sha256_init(&context) }
        mutating func consume(_ bytes: UnsafeRawBufferPointer) {
            bf_sha256_update(&context, bytes.baseAddress, bytes.count)
        }
    }

    private struct ArraySink: Sink {
        var bytes: [UInt8] = []
        mutating func consume(_ bytes: UnsafeRawBufferPointer) { self.bytes.append(contentsOf: bytes) }
    }

    /// Canonical JSON as the JSON module's sorted serializer writes it, through a fixed buffer.
    private struct Writer<Output: Sink> {
        let buffer: UnsafeMutablePointer<UInt8>
        let capacity: Int
        var used = 0
        var sink: Output

        init(buffer: UnsafeMutablePointer<UInt8>, capacity: Int, sink: Output) {
            self.buffer = buffer
            self.capacity = capacity
            self.sink = sink
        }

        mutating func flush() {
            guard used > 0 else { return }
            sink.consume(UnsafeRawBufferPointer(start: buffer, count: used))
            used = 0
        }

        @inline(__always)
        mutating func byte(_ byte: UInt8) {
            if used == capacity { flush() }
            buffer[used] = byte
            used += 1
        }

        mutating func bytes(_ source: UnsafeRawBufferPointer) {
            guard !source.isEmpty else { return }
            if source.count > capacity - used {
                flush()
                if source.count > capacity {
                    sink.consume(source)
                    return
                }
            }
            UnsafeMutableRawPointer(buffer + used).copyMemory(from: source.baseAddress!, byteCount: source.count)
            used += source.count
        }

        mutating func word(_ text: StaticString) {
            bytes(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }

        mutating func value(_ value: JSONValue) {
            switch value {
            case .null: word("null")
            case .bool(let flag):
                if flag { word("true") } else { word("false") }
            case .int(let number): integer(number)
            case .double(let number):
                // As the JSON module formats doubles: whole values below 1e15 as `N.0`, others in shortest form.
                if !number.isFinite {
                    word("null")
                } else if number.rounded() == number && abs(number) < 1e15 {
                    integer(Int64(number))
                    word(".0")
                } else {
                    let text = number.description
                    if text.utf8.withContiguousStorageIfAvailable({ bytes(UnsafeRawBufferPointer($0)) }) == nil {
                        Array(text.utf8).withUnsafeBytes { bytes($0) }
                    }
                }
            case .string(let text): string(text)
            case .array(let elements):
                byte(UInt8(ascii: "["))
                for index in elements.indices {
                    if index > 0 { byte(UInt8(ascii: ",")) }
                    self.value(elements[index])
                }
                byte(UInt8(ascii: "]"))
            case .object(let object): self.object(object.members)
            }
        }

        /// Members in key order (String `<`, as `sorted { $0.key < $1.key }`), via their sorted positions.
        /// The members are read through an unsafe buffer, so comparing and writing them borrows their keys and
        /// values instead of copying (retaining) them.
        mutating func object(_ object: [(key: String, value: JSONValue)]) {
            byte(UInt8(ascii: "{"))
            object.withUnsafeBufferPointer { members in
                withUnsafeTemporaryAllocation(of: Int.self, capacity: members.count) { space in
                    var order = space
                    for index in order.indices { order.initializeElement(at: index, to: index) }
                    order.sort { members[$0].key < members[$1].key }
                    for (offset, index) in order.enumerated() {
                        if offset > 0 { byte(UInt8(ascii: ",")) }
                        string(members[index].key)
                        byte(UInt8(ascii: ":"))
                        value(members[index].value)
                    }
                }
            }
            byte(UInt8(ascii: "}"))
        }

        /// As `String(number)`.
        mutating func integer(_ number: Int64) {
            if capacity - used < 20 { flush() }
            if number < 0 {
                buffer[used] = UInt8(ascii: "-")
                used += 1
            }
            var magnitude = number.magnitude
            let start = used
            repeat {
                buffer[used] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                used += 1
            } while magnitude > 0
            var digits = UnsafeMutableBufferPointer(start: buffer + start, count: used - start)
            digits.reverse()
        }

        /// A JSON string as the JSON module writes it: `"` and `\` escaped, `\n` `\r` `\t`, other control bytes
        /// as `\u00XX`, everything else (UTF-8 included) as is.
        mutating func string(_ text: String) {
            byte(UInt8(ascii: "\""))
            if text.utf8.withContiguousStorageIfAvailable({ escaped($0) }) == nil {
                Array(text.utf8).withUnsafeBufferPointer { escaped($0) }
            }
            byte(UInt8(ascii: "\""))
        }

        private mutating func escaped(_ text: UnsafeBufferPointer<UInt8>) {
            guard let base = text.baseAddress else { return }
            var runStart = 0
            while true {
                let index = JSONValue.firstByteToEscape(base, from: runStart, count: text.count)
                bytes(UnsafeRawBufferPointer(start: base + runStart, count: index - runStart))
                guard index < text.count else { return }
                runStart = index + 1
                switch base[index] {
                case 0x22: word("\\\"")
                case 0x5C: word("\\\\")
                case 0x0A: word("\\n")
                case 0x0D: word("\\r")
                case 0x09: word("\\t")
                default:
                    word("\\u00")
                    byte(hexDigit(base[index] >> 4))
                    byte(hexDigit(base[index] & 0x0F))
                }
            }
        }
    }
}
