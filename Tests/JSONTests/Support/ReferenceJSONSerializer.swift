import JSON

/// `JSONValue`'s serializer as it was before it wrote runs and numbers without intermediate arrays: the
/// reference the differential tests compare the serializer with, byte for byte.
enum ReferenceJSONSerializer {
    static func bytes(_ value: JSONValue, sortedKeys: Bool = false, pretty: Bool = false) -> [UInt8] {
        var output: [UInt8] = []
        write(value, to: &output, sortedKeys: sortedKeys, indent: pretty ? 0 : nil)
        return output
    }

    static func write(_ value: JSONValue, to output: inout [UInt8], sortedKeys: Bool, indent: Int?) {
        switch value {
        case .null: output += Array("null".utf8)
        case .bool(let value): output += Array((value ? "true" : "false").utf8)
        case .int(let value): output += Array(String(value).utf8)
        case .double(let value): output += Array(Self.format(value).utf8)
        case .string(let value): Self.writeString(value, to: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (offset, element) in elements.enumerated() {
                if offset > 0 { output.append(UInt8(ascii: ",")) }
                Self.newline(&output, indent.map { $0 + 1 })
                write(element, to: &output, sortedKeys: sortedKeys, indent: indent.map { $0 + 1 })
            }
            if !elements.isEmpty { Self.newline(&output, indent) }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            let members = sortedKeys ? object.members.sorted { $0.key < $1.key } : object.members
            for (offset, member) in members.enumerated() {
                if offset > 0 { output.append(UInt8(ascii: ",")) }
                Self.newline(&output, indent.map { $0 + 1 })
                Self.writeString(member.key, to: &output)
                output.append(UInt8(ascii: ":"))
                if indent != nil { output.append(UInt8(ascii: " ")) }
                write(member.value, to: &output, sortedKeys: sortedKeys, indent: indent.map { $0 + 1 })
            }
            if !members.isEmpty { Self.newline(&output, indent) }
            output.append(UInt8(ascii: "}"))
        }
    }

    static func newline(_ output: inout [UInt8], _ indent: Int?) {
        guard let indent else { return }
        output.append(0x0A)
        output += [UInt8](repeating: 0x20, count: indent * 2)
    }

    /// Finite doubles in their shortest round-trip form; NaN and infinities (not JSON) become null.
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value.rounded() == value && abs(value) < 1e15 { return String(Int64(value)) + ".0" }
        return value.description
    }

    static func writeString(_ value: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case 0x22: output += [0x5C, 0x22]
            case 0x5C: output += [0x5C, 0x5C]
            case 0x0A: output += [0x5C, UInt8(ascii: "n")]
            case 0x0D: output += [0x5C, UInt8(ascii: "r")]
            case 0x09: output += [0x5C, UInt8(ascii: "t")]
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                output += [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
