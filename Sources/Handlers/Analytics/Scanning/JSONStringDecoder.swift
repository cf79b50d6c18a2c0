/// Decodes a JSON string body's escapes (`\" \\ \/ \b \f \n \r \t \uXXXX`, surrogate pairs) to UTF-8 bytes.
/// Unescaped bytes pass through unchanged, so user ids keep their exact bytes (no Unicode normalization).
enum JSONStringDecoder {
    /// Calls `emit` with each decoded byte run; returns the decoded length.
    @discardableResult
    static func decode(
        _ start: UnsafePointer<UInt8>, _ count: Int, emit: (UnsafeBufferPointer<UInt8>) -> Void
    ) throws(ScanFailure) -> Int {
        var index = 0
        var runStart = 0
        var length = 0
        var scratch: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
        while index < count {
            guard start[index] == 0x5C else {
                index += 1
                continue
            }
            if index > runStart {
                emit(UnsafeBufferPointer(start: start + runStart, count: index - runStart))
                length += index - runStart
            }
            guard index + 1 < count else { throw .invalidEscape }
            let byte: UInt8
            switch start[index + 1] {
            case 0x22: byte = 0x22
            case 0x5C: byte = 0x5C
            case 0x2F: byte = 0x2F
            case 0x62: byte = 0x08
            case 0x66: byte = 0x0C
            case 0x6E: byte = 0x0A
            case 0x72: byte = 0x0D
            case 0x74: byte = 0x09
            case 0x75:
                var scalar = try hex4(start, count, at: index + 2)
                index += 6
                if (0xD800...0xDBFF).contains(scalar) {
                    // A high surrogate must be followed by an escaped low surrogate.
                    guard index + 1 < count, start[index] == 0x5C, start[index + 1] == 0x75 else {
                        throw .invalidEscape
                    }
                    let low = try hex4(start, count, at: index + 2)
                    guard (0xDC00...0xDFFF).contains(low) else { throw .invalidEscape }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    index += 6
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw .invalidEscape
                }
                let written = withUnsafeMutableBytes(of: &scratch) { raw in
                    let buffer = raw.bindMemory(to: UInt8.self)
                    var position = 0
                    for unit in UTF8.encode(Unicode.Scalar(scalar)!)! {
                        buffer[position] = unit
                        position += 1
                    }
                    emit(UnsafeBufferPointer(rebasing: buffer[0..<position]))
                    return position
                }
                length += written
                runStart = index
                continue
            default: throw .invalidEscape
            }
            withUnsafePointer(to: byte) { emit(UnsafeBufferPointer(start: $0, count: 1)) }
            length += 1
            index += 2
            runStart = index
        }
        if count > runStart {
            emit(UnsafeBufferPointer(start: start + runStart, count: count - runStart))
            length += count - runStart
        }
        return length
    }

    private static func hex4(_ start: UnsafePointer<UInt8>, _ count: Int, at index: Int) throws(ScanFailure) -> UInt32 {
        guard index + 4 <= count else { throw .invalidEscape }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = start[index + offset]
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: throw .invalidEscape
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}
