extension JSONParser {
    /// A string starting at the `"` under `index`. Without escapes it is made directly from its bytes (checked
    /// as UTF-8 only when a byte is not ASCII); escapes are decoded into the reused `scratch`.
    mutating func parseString() throws(JSONError) -> String {
        var plainASCII = false
        return try parseString(plainASCII: &plainASCII)
    }

    /// A key, with its `keyPrint` (0 unless it is ASCII written without escapes).
    mutating func parseKey() throws(JSONError) -> (String, UInt64) {
        var plainASCII = false
        let start = index + 1
        let key = try parseString(plainASCII: &plainASCII)
        return (key, plainASCII ? Self.keyPrint(base + start, index - 1 - start) : 0)
    }

    /// `parseString()`, telling whether the string was ASCII without escapes (its bytes are then the text).
    private mutating func parseString(plainASCII: inout Bool) throws(JSONError) -> String {
        index += 1
        let start = index
        let ascii = scanRun()
        guard index < count else { throw error("unterminated string") }
        let stop = base[index]
        if stop == UInt8(ascii: "\"") {
            index += 1
            let run = UnsafeBufferPointer(start: base + start, count: index - 1 - start)
            plainASCII = ascii
            if ascii { return String(decoding: run, as: UTF8.self) }
            guard let text = String(validating: run, as: UTF8.self) else { throw error("string is not valid UTF-8") }
            return text
        }
        if stop < 0x20 { throw error("control character in string") }
        return try parseEscapedString(from: start, ascii: ascii)
    }

    /// A fingerprint of an ASCII key (odd, so never 0): equal keys have equal prints. Non-ASCII keys get 0,
    /// which makes the duplicate check compare the strings (canonically equivalent keys are equal strings).
    static func keyPrint(_ bytes: UnsafePointer<UInt8>, _ length: Int) -> UInt64 {
        let raw = UnsafeRawPointer(bytes)
        var head: UInt64 = 0
        var tail: UInt64 = 0
        if length >= 8 {
            head = raw.loadUnaligned(as: UInt64.self)
            tail = raw.loadUnaligned(fromByteOffset: length - 8, as: UInt64.self)
        } else {
            for offset in 0..<length { head |= UInt64(bytes[offset]) << (offset * 8) }
        }
        return ((head &* 0x9E37_79B9_7F4A_7C15) ^ (tail &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(length)) | 1
    }

    /// Moves `index` to the next `"`, `\` or control byte (or the end); false when a byte ≥ 0x80 was passed.
    /// Eight bytes at a time: a byte is flagged when it equals `"` or `\` or is below 0x20; the lowest flag is
    /// always a real one (borrows only run upwards).
    @inline(__always)
    mutating func scanRun() -> Bool {
        var high: UInt64 = 0
        let ones: UInt64 = 0x0101_0101_0101_0101
        let tops: UInt64 = 0x8080_8080_8080_8080
        while index + 8 <= count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            let quotes = word ^ (ones &* 0x22)
            let slashes = word ^ (ones &* 0x5C)
            let flags =
                ((quotes &- ones) & ~quotes | (slashes &- ones) & ~slashes | (word &- ones &* 0x20) & ~word) & tops
            if flags != 0 {
                let stop = flags.trailingZeroBitCount >> 3
                if stop > 0 { high |= word << UInt64(64 - stop * 8) }
                index += stop
                return high & tops == 0
            }
            high |= word
            index += 8
        }
        var highByte: UInt8 = 0
        while index < count {
            let byte = base[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            highByte |= byte
            index += 1
        }
        return high & tops == 0 && highByte < 0x80
    }

    /// The rest of a string from its first `\` under `index`; `start` is the first byte of its text.
    private mutating func parseEscapedString(from start: Int, ascii: Bool) throws(JSONError) -> String {
        var checkUTF8 = !ascii
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(start: base + start, count: index - start))
        while true {
            index += 1
            guard index < count else { throw error("unterminated escape") }
            let escape = base[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""): scratch.append(0x22)
            case UInt8(ascii: "\\"): scratch.append(0x5C)
            case UInt8(ascii: "/"): scratch.append(0x2F)
            case UInt8(ascii: "b"): scratch.append(0x08)
            case UInt8(ascii: "f"): scratch.append(0x0C)
            case UInt8(ascii: "n"): scratch.append(0x0A)
            case UInt8(ascii: "r"): scratch.append(0x0D)
            case UInt8(ascii: "t"): scratch.append(0x09)
            case UInt8(ascii: "u"): try appendUnicodeEscape()
            default: throw error("invalid escape")
            }
            let runStart = index
            if !scanRun() { checkUTF8 = true }
            guard index < count else { throw error("unterminated string") }
            scratch.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: index - runStart))
            let stop = base[index]
            if stop == UInt8(ascii: "\"") {
                index += 1
                break
            }
            if stop < 0x20 { throw error("control character in string") }
        }
        if !checkUTF8 { return String(decoding: scratch, as: UTF8.self) }
        guard let text = String(validating: scratch, as: UTF8.self) else { throw error("string is not valid UTF-8") }
        return text
    }

    private mutating func hex4() throws(JSONError) -> UInt32 {
        guard index + 4 <= count else { throw error("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = base[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("invalid \\u escape")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// `\uXXXX` (a surrogate pair when it is a high surrogate) after the `u`, as UTF-8 into `scratch`.
    private mutating func appendUnicodeEscape() throws(JSONError) {
        var code = try hex4()
        if (0xD800...0xDBFF).contains(code) {
            guard index + 1 < count, base[index] == UInt8(ascii: "\\"), base[index + 1] == UInt8(ascii: "u")
            else { throw error("unpaired surrogate") }
            index += 2
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw error("invalid surrogate pair") }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(code) {
            throw error("unpaired surrogate")
        }
        switch code {
        case 0..<0x80:
            scratch.append(UInt8(code))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | code >> 6))
            scratch.append(UInt8(0x80 | code & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | code >> 12))
            scratch.append(UInt8(0x80 | code >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | code & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | code >> 18))
            scratch.append(UInt8(0x80 | code >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | code >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | code & 0x3F))
        }
    }
}
