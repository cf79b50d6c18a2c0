import CCrypto
public import JSON

/// The `_record_hash` of a record: SHA-256 (OpenSSL libcrypto) of its canonical JSON (compact, keys sorted at
/// every level), as 64 lowercase hex digits. Equal records hash equal however their members were ordered.
public enum RecordHash {
    public static func hex(_ record: JSONValue) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1024)
        writeCanonical(record, to: &bytes)
        var digest = [UInt8](repeating: 0, count: 32)
        bytes.withUnsafeBytes { buffer in
            digest.withUnsafeMutableBufferPointer { out in
                bf_sha256(buffer.baseAddress, buffer.count, out.baseAddress)
            }
        }
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in digest {
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The bytes hashed: exactly `record.serializedBytes(sortedKeys: true)`, written without the intermediate
    /// strings and arrays that serializer allocates per value (hashing is a third of a chunk's cleaning time).
    package static func canonicalBytes(_ record: JSONValue) -> [UInt8] {
        var bytes: [UInt8] = []
        writeCanonical(record, to: &bytes)
        return bytes
    }

    static func writeCanonical(_ value: JSONValue, to output: inout [UInt8]) {
        switch value {
        case .null: output.append(contentsOf: nullBytes)
        case .bool(let flag): output.append(contentsOf: flag ? trueBytes : falseBytes)
        case .int(let number): writeInteger(number, to: &output)
        case .double(let number):
            // As the JSON module formats doubles: whole values below 1e15 as `N.0`, others in shortest form.
            if !number.isFinite {
                output.append(contentsOf: nullBytes)
            } else if number.rounded() == number && abs(number) < 1e15 {
                writeInteger(Int64(number), to: &output)
                output.append(contentsOf: [UInt8(ascii: "."), UInt8(ascii: "0")])
            } else {
                output.append(contentsOf: number.description.utf8)
            }
        case .string(let text): writeString(text, to: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (offset, element) in elements.enumerated() {
                if offset > 0 { output.append(UInt8(ascii: ",")) }
                writeCanonical(element, to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            let members = object.members
            var sorted = true
            for index in members.indices.dropFirst() where !(members[index - 1].key < members[index].key) {
                sorted = false
                break
            }
            let ordered = sorted ? members : members.sorted { $0.key < $1.key }
            for (offset, member) in ordered.enumerated() {
                if offset > 0 { output.append(UInt8(ascii: ",")) }
                writeString(member.key, to: &output)
                output.append(UInt8(ascii: ":"))
                writeCanonical(member.value, to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    static func writeInteger(_ number: Int64, to output: inout [UInt8]) {
        if number >= 0 && number < 10 {
            output.append(UInt8(ascii: "0") + UInt8(number))
            return
        }
        output.append(contentsOf: String(number).utf8)
    }

    /// A JSON string as the JSON module writes it: `"` and `\` escaped, `\n` `\r` `\t`, other control bytes as
    /// `\u00XX`, everything else (UTF-8 included) as is.
    static func writeString(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        let utf8 = text.utf8
        if utf8.withContiguousStorageIfAvailable({ !$0.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C } }) == true {
            output.append(contentsOf: utf8)
        } else {
            for byte in utf8 {
                switch byte {
                case 0x22: output.append(contentsOf: [0x5C, 0x22])
                case 0x5C: output.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: output.append(contentsOf: [0x5C, UInt8(ascii: "n")])
                case 0x0D: output.append(contentsOf: [0x5C, UInt8(ascii: "r")])
                case 0x09: output.append(contentsOf: [0x5C, UInt8(ascii: "t")])
                case 0x00..<0x20:
                    output.append(contentsOf: [
                        0x5C, UInt8(ascii: "u"), 0x30, 0x30, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)],
                    ])
                default: output.append(byte)
                }
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
    private static let nullBytes = Array("null".utf8)
    private static let trueBytes = Array("true".utf8)
    private static let falseBytes = Array("false".utf8)
}
