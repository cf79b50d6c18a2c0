/// A strict RFC 8259 parser from UTF-8 bytes to `JSONValue`, with error messages that give the byte offset.
///
/// It reads the bytes through one unsafe buffer (no per-byte bounds checks). Members and elements wait on two
/// stacks shared by every nesting level and are moved into exactly sized arrays when their object or array
/// closes; strings without escapes are made straight from their byte range, numbers are read from the bytes
/// (see `JSONParser+Strings.swift` and `JSONParser+Numbers.swift`). Duplicate keys keep the first position and
/// the last value, as `JSONObject`'s subscript does.
public struct JSONParser {
    let base: UnsafePointer<UInt8>
    let count: Int
    var index = 0
    private var depth = 0
    private static let maxDepth = 512
    /// Elements of the arrays being read, innermost last: the first `elementCount` (the slots after them hold
    /// `.null`, so popping never shrinks or destroys anything).
    private var elements: [JSONValue] = []
    private var elementCount = 0
    /// Members of the objects being read, innermost last, with `keyPrints` beside them: the first `memberCount`.
    private var members: [(key: String, value: JSONValue)] = []
    private var memberCount = 0
    /// `JSONParser.keyPrint` of each entry of `members`: most duplicate checks compare these integers only.
    private var keyPrints: [UInt64] = []
    /// Reused for strings with escapes.
    var scratch: [UInt8] = []

    /// Parses one complete document (surrounding whitespace allowed).
    public static func parse(_ bytes: [UInt8]) throws(JSONError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { parse(buffer: $0) }.get()
    }

    /// Parses a document given as text.
    public static func parse(_ text: String) throws(JSONError) -> JSONValue {
        let result = text.utf8.withContiguousStorageIfAvailable { parse(buffer: $0) }
        return try (result ?? Array(text.utf8).withUnsafeBufferPointer { parse(buffer: $0) }).get()
    }

    private static func parse(buffer: UnsafeBufferPointer<UInt8>) -> Result<JSONValue, JSONError> {
        guard let base = buffer.baseAddress, !buffer.isEmpty else {
            return .failure(JSONError("empty input: expected a JSON value"))
        }
        var parser = JSONParser(base: base, count: buffer.count)
        do throws(JSONError) {
            parser.skipWhitespace()
            guard parser.index < parser.count else { throw JSONError("empty input: expected a JSON value") }
            let value = try parser.parseValue()
            parser.skipWhitespace()
            guard parser.index == parser.count else { throw parser.error("unexpected data after the JSON value") }
            return .success(value)
        } catch {
            return .failure(error)
        }
    }

    private init(base: UnsafePointer<UInt8>, count: Int) {
        self.base = base
        self.count = count
    }

    func error(_ message: String) -> JSONError {
        JSONError("invalid JSON at byte \(index): \(message)")
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while index < count {
            let byte = base[index]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
            index += 1
        }
    }

    private mutating func parseValue() throws(JSONError) -> JSONValue {
        guard index < count else { throw error("unexpected end of input") }
        switch base[index] {
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        default: throw error("unexpected character '\(Character(Unicode.Scalar(base[index])))'")
        }
    }

    private mutating func literal(_ word: StaticString, _ value: JSONValue) throws(JSONError) -> JSONValue {
        let length = word.utf8CodeUnitCount
        guard index + length <= count else { throw error("unexpected end of input") }
        for offset in 0..<length where base[index + offset] != word.utf8Start[offset] {
            throw error("invalid literal")
        }
        index += length
        return value
    }

    private mutating func enter() throws(JSONError) {
        depth += 1
        if depth > Self.maxDepth { throw error("nesting deeper than \(Self.maxDepth)") }
    }

    private mutating func parseObject() throws(JSONError) -> JSONValue {
        try enter()
        index += 1
        skipWhitespace()
        if index < count, base[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(JSONObject())
        }
        let first = memberCount
        while true {
            skipWhitespace()
            guard index < count, base[index] == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let (key, print) = try parseKey()
            skipWhitespace()
            guard index < count, base[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
            index += 1
            skipWhitespace()
            let value = try parseValue()
            addMember(key, print, value, from: first)
            skipWhitespace()
            guard index < count else { throw error("unterminated object") }
            if base[index] == UInt8(ascii: ",") {
                index += 1
            } else if base[index] == UInt8(ascii: "}") {
                index += 1
                depth -= 1
                return .object(JSONObject(uniqueMembers: takeMembers(from: first)))
            } else {
                throw error("expected ',' or '}'")
            }
        }
    }

    /// Appends a member of the object whose members start at `first`, or replaces the value of an earlier
    /// member with an equal key (String equality, so canonically equivalent non-ASCII keys are one key).
    private mutating func addMember(_ key: String, _ print: UInt64, _ value: JSONValue, from first: Int) {
        var position = first
        while position < memberCount {
            let other = keyPrints[position]
            if other == print || other == 0 || print == 0, members[position].key == key {
                members[position].value = value
                return
            }
            position += 1
        }
        if memberCount < members.count {
            members[memberCount] = (key: key, value: value)
            keyPrints[memberCount] = print
        } else {
            members.append((key: key, value: value))
            keyPrints.append(print)
        }
        memberCount += 1
    }

    /// Moves the members from `first` on into an exactly sized array and pops them.
    private mutating func takeMembers(from first: Int) -> [(key: String, value: JSONValue)] {
        let taken = memberCount - first
        let result = [(key: String, value: JSONValue)](unsafeUninitializedCapacity: taken) { output, initialized in
            members.withUnsafeMutableBufferPointer { stack in
                let source = stack.baseAddress! + first
                output.baseAddress!.moveInitialize(from: source, count: taken)
                source.initialize(repeating: (key: "", value: .null), count: taken)
            }
            initialized = taken
        }
        memberCount = first
        return result
    }

    private mutating func parseArray() throws(JSONError) -> JSONValue {
        try enter()
        index += 1
        skipWhitespace()
        if index < count, base[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array([])
        }
        let first = elementCount
        while true {
            skipWhitespace()
            let element = try parseValue()
            if elementCount < elements.count {
                elements[elementCount] = element
            } else {
                elements.append(element)
            }
            elementCount += 1
            skipWhitespace()
            guard index < count else { throw error("unterminated array") }
            if base[index] == UInt8(ascii: ",") {
                index += 1
            } else if base[index] == UInt8(ascii: "]") {
                index += 1
                depth -= 1
                return .array(takeElements(from: first))
            } else {
                throw error("expected ',' or ']'")
            }
        }
    }

    /// Moves the elements from `first` on into an exactly sized array and pops them.
    private mutating func takeElements(from first: Int) -> [JSONValue] {
        let taken = elementCount - first
        let result = [JSONValue](unsafeUninitializedCapacity: taken) { output, initialized in
            elements.withUnsafeMutableBufferPointer { stack in
                let source = stack.baseAddress! + first
                output.baseAddress!.moveInitialize(from: source, count: taken)
                source.initialize(repeating: .null, count: taken)
            }
            initialized = taken
        }
        elementCount = first
        return result
    }
}

/// A JSON document could not be read.
public struct JSONError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
