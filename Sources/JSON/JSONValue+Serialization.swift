extension JSONValue {
    /// Compact JSON text (no whitespace); keys in stored order, or sorted when `sortedKeys`.
    public func serialized(sortedKeys: Bool = false, pretty: Bool = false) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        write(to: &output, sortedKeys: sortedKeys, indent: pretty ? 0 : nil)
        return String(decoding: output, as: UTF8.self)
    }

    /// Compact JSON as UTF-8 bytes.
    public func serializedBytes(sortedKeys: Bool = false) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(128)
        write(to: &output, sortedKeys: sortedKeys, indent: nil)
        return output
    }

    private func write(to output: inout [UInt8], sortedKeys: Bool, indent: Int?) {
        switch self {
        case .null: Self.append("null", to: &output)
        case .bool(let value): Self.append(value ? "true" : "false", to: &output)
        case .int(let value): Self.writeInteger(value, to: &output)
        case .double(let value):
            if value.isFinite && value.rounded() == value && abs(value) < 1e15 {
                Self.writeInteger(Int64(value), to: &output)
                Self.append(".0", to: &output)
            } else {
                output.append(contentsOf: Self.format(value).utf8)
            }
        case .string(let value): Self.writeString(value, to: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for index in elements.indices {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                Self.newline(&output, indent.map { $0 + 1 })
                elements[index].write(to: &output, sortedKeys: sortedKeys, indent: indent.map { $0 + 1 })
            }
            if !elements.isEmpty { Self.newline(&output, indent) }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            let members = sortedKeys ? object.members.sorted { $0.key < $1.key } : object.members
            for index in members.indices {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                Self.newline(&output, indent.map { $0 + 1 })
                Self.writeString(members[index].key, to: &output)
                output.append(UInt8(ascii: ":"))
                if indent != nil { output.append(UInt8(ascii: " ")) }
                members[index].value.write(to: &output, sortedKeys: sortedKeys, indent: indent.map { $0 + 1 })
            }
            if !members.isEmpty { Self.newline(&output, indent) }
            output.append(UInt8(ascii: "}"))
        }
    }

    private static func append(_ text: StaticString, to output: inout [UInt8]) {
        output.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    private static func newline(_ output: inout [UInt8], _ indent: Int?) {
        guard let indent else { return }
        output.append(0x0A)
        output.append(contentsOf: repeatElement(0x20, count: indent * 2))
    }

    /// Finite doubles in their shortest round-trip form; NaN and infinities (not JSON) become null.
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value.rounded() == value && abs(value) < 1e15 { return String(Int64(value)) + ".0" }
        return value.description
    }

    /// As `String(value).utf8`, without making the string.
    private static func writeInteger(_ value: Int64, to output: inout [UInt8]) {
        if value < 0 { output.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        let start = output.count
        repeat {
            output.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        output[start...].reverse()
    }

    /// `"` and `\` escaped, `\n` `\r` `\t`, other control bytes as `\u00XX`, everything else (UTF-8 included)
    /// as is; runs without any of those are copied whole.
    static func writeString(_ value: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        if value.utf8.withContiguousStorageIfAvailable({ writeEscaped($0, to: &output) }) == nil {
            Array(value.utf8).withUnsafeBufferPointer { writeEscaped($0, to: &output) }
        }
        output.append(UInt8(ascii: "\""))
    }

    private static func writeEscaped(_ text: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        guard let base = text.baseAddress else { return }
        var runStart = 0
        while true {
            let index = JSONValue.firstByteToEscape(base, from: runStart, count: text.count)
            output.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: index - runStart))
            guard index < text.count else { return }
            runStart = index + 1
            switch base[index] {
            case 0x22: append("\\\"", to: &output)
            case 0x5C: append("\\\\", to: &output)
            case 0x0A: append("\\n", to: &output)
            case 0x0D: append("\\r", to: &output)
            case 0x09: append("\\t", to: &output)
            default:
                let hex: StaticString = "0123456789abcdef"
                append("\\u00", to: &output)
                output.append(hex.utf8Start[Int(base[index] >> 4)])
                output.append(hex.utf8Start[Int(base[index] & 0xF)])
            }
        }
    }
}
