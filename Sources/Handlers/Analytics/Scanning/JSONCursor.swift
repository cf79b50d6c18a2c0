/// Why a line is not valid JSON of the expected shape.
enum ScanFailure: Error {
    case unexpectedEnd
    case unexpectedByte
    case invalidEscape
    case tooDeep
    case trailingBytes

    var reason: String {
        switch self {
        case .unexpectedEnd: "line ends inside a value"
        case .unexpectedByte: "unexpected byte"
        case .invalidEscape: "invalid string escape"
        case .tooDeep: "nesting deeper than 256 levels"
        case .trailingBytes: "bytes after the JSON object"
        }
    }
}

/// A position in one line of JSON with the primitives of a hand-written scanner: white space, literal bytes,
/// string bodies (found without decoding) and structural skipping of values the caller does not need.
struct JSONCursor {
    var position: UnsafePointer<UInt8>
    let end: UnsafePointer<UInt8>

    static let maximumDepth = 256

    var atEnd: Bool { position >= end }

    @inline(__always)
    mutating func skipSpace() {
        while position < end {
            let byte = position.pointee
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
            position += 1
        }
    }

    /// The next byte that is not white space, without consuming it.
    @inline(__always)
    mutating func peek() throws(ScanFailure) -> UInt8 {
        skipSpace()
        guard position < end else { throw .unexpectedEnd }
        return position.pointee
    }

    /// Consumes `byte` after optional white space.
    @inline(__always)
    mutating func expect(_ byte: UInt8) throws(ScanFailure) {
        guard try peek() == byte else { throw .unexpectedByte }
        position += 1
    }

    /// After a member: true if a `,` follows (and is consumed), false at the closing `close` (consumed).
    @inline(__always)
    mutating func nextMember(close: UInt8) throws(ScanFailure) -> Bool {
        let byte = try peek()
        position += 1
        if byte == 0x2C { return true }
        if byte == close { return false }
        throw .unexpectedByte
    }

    /// Consumes a string (the cursor at its opening quote) and returns its raw body, escapes undecoded.
    @inline(__always)
    mutating func stringBody() throws(ScanFailure) -> (start: UnsafePointer<UInt8>, count: Int, escaped: Bool) {
        guard try peek() == 0x22 else { throw .unexpectedByte }
        position += 1
        let start = position
        var escaped = false
        while position < end {
            // Eight bytes at a time while no quote or backslash is among them (SWAR zero-byte test).
            while end - position >= 8 {
                let word = UInt64(littleEndian: UnsafeRawPointer(position).loadUnaligned(as: UInt64.self))
                let quotes = word ^ 0x2222_2222_2222_2222
                let backslashes = word ^ 0x5C5C_5C5C_5C5C_5C5C
                let found =
                    ((quotes &- 0x0101_0101_0101_0101) & ~quotes | (backslashes &- 0x0101_0101_0101_0101) & ~backslashes)
                    & 0x8080_8080_8080_8080
                if found != 0 {
                    position += found.trailingZeroBitCount &>> 3
                    break
                }
                position += 8
            }
            guard position < end else { break }
            let byte = position.pointee
            if byte == 0x22 {
                let count = position - start
                position += 1
                return (start, count, escaped)
            }
            if byte == 0x5C {
                escaped = true
                position += 2
                continue
            }
            position += 1
        }
        throw .unexpectedEnd
    }

    /// Skips one value of any type, checking its structure (brackets, commas, colons, literals, escapes).
    mutating func skipValue(depth: Int = 0) throws(ScanFailure) {
        guard depth < Self.maximumDepth else { throw .tooDeep }
        let byte = try peek()
        switch byte {
        case 0x22:
            let body = try stringBody()
            if body.escaped { try Self.validateEscapes(body.start, body.count) }
        case 0x7B:  // {
            position += 1
            if try peek() == 0x7D {
                position += 1
                return
            }
            repeat {
                let key = try stringBody()
                if key.escaped { try Self.validateEscapes(key.start, key.count) }
                try expect(0x3A)
                try skipValue(depth: depth + 1)
            } while try nextMember(close: 0x7D)
        case 0x5B:  // [
            position += 1
            if try peek() == 0x5D {
                position += 1
                return
            }
            repeat { try skipValue(depth: depth + 1) } while try nextMember(close: 0x5D)
        case 0x74: try literal("true")
        case 0x66: try literal("false")
        case 0x6E: try literal("null")
        case 0x2D, 0x30...0x39: try skipNumber()
        default: throw .unexpectedByte
        }
    }

    private mutating func literal(_ text: StaticString) throws(ScanFailure) {
        let count = text.utf8CodeUnitCount
        guard end - position >= count, memcmp(position, text.utf8Start, count) == 0 else { throw .unexpectedByte }
        position += count
    }

    /// A JSON number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    private mutating func skipNumber() throws(ScanFailure) {
        if position.pointee == 0x2D { position += 1 }
        let first = position
        let integerDigits = try digits()
        // No leading zeros: `0` alone, or a digit 1–9 first.
        guard integerDigits > 0, integerDigits == 1 || first.pointee != 0x30 else { throw .unexpectedByte }
        if position < end, position.pointee == 0x2E {
            position += 1
            guard try digits() > 0 else { throw .unexpectedByte }
        }
        if position < end, position.pointee | 0x20 == 0x65 {
            position += 1
            if position < end, position.pointee == 0x2B || position.pointee == 0x2D { position += 1 }
            guard try digits() > 0 else { throw .unexpectedByte }
        }
    }

    private mutating func digits() throws(ScanFailure) -> Int {
        let start = position
        while position < end, position.pointee &- 0x30 < 10 { position += 1 }
        return position - start
    }

    /// Checks a raw string body's escapes without decoding it.
    static func validateEscapes(_ start: UnsafePointer<UInt8>, _ count: Int) throws(ScanFailure) {
        _ = try JSONStringDecoder.decode(start, count) { _ in }
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
