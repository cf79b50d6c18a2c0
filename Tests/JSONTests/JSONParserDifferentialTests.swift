import JSON
import SeededRandom
import Testing

/// The parser against values built with generated documents, and against the byte-by-byte parser it replaced
/// (`ReferenceJSONParser`): same values (doubles bit for bit), same errors with the same positions.
@Suite("JSON parser: differential")
struct JSONParserDifferentialTests {
    /// Both parsers on `bytes`: the value, or the error message.
    static func outcomes(_ bytes: [UInt8]) -> (
        fast: Result<JSONValue, JSONError>, reference: Result<JSONValue, JSONError>
    ) {
        (
            Result { () throws(JSONError) in try JSONParser.parse(bytes) },
            Result { () throws(JSONError) in try ReferenceJSONParser.parse(bytes) }
        )
    }

    /// Equal values with doubles compared by bit pattern (`-0.0` is not `0.0`) and members in the same order.
    static func identical(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.double(let left), .double(let right)): left.bitPattern == right.bitPattern
        case (.array(let left), .array(let right)): left.count == right.count && zip(left, right).allSatisfy(identical)
        case (.object(let left), .object(let right)):
            left.count == right.count
                && zip(left.members, right.members).allSatisfy { $0.key == $1.key && identical($0.value, $1.value) }
        default: lhs == rhs
        }
    }

    static func agree(_ bytes: [UInt8]) -> Bool {
        switch outcomes(bytes) {
        case (.success(let fast), .success(let reference)): identical(fast, reference)
        case (.failure(let fast), .failure(let reference)): fast.message == reference.message
        default: false
        }
    }

    @Test("generated documents parse to the values they were built from", arguments: [1, 2, 3, 4] as [UInt64])
    func generated(seed: UInt64) throws {
        var generator = JSONDocumentGenerator(seed: seed)
        for round in 0..<400 {
            let (text, expected) = generator.document()
            let parsed = try JSONParser.parse(text)
            #expect(
                Self.identical(parsed, expected),
                "seed \(seed) round \(round): \(String(decoding: text, as: UTF8.self))")
            #expect(Self.agree(text), "seed \(seed) round \(round): \(String(decoding: text, as: UTF8.self))")
            #expect(try JSONParser.parse(String(decoding: text, as: UTF8.self)) == parsed)
        }
    }

    @Test("damaged documents: the same value or the same error as the reference parser", arguments: [5, 6] as [UInt64])
    func damaged(seed: UInt64) {
        var generator = JSONDocumentGenerator(seed: seed)
        var random = SeededRandom(seed: seed &* 31)
        let noise: [UInt8] = Array("\"\\{}[],:-.eE+0x ".utf8) + [0x01, 0x1F, 0x80, 0xC3, 0xED, 0xF0, 0xFF]
        var failures = 0
        for round in 0..<600 {
            var text = generator.document().text
            guard !text.isEmpty else { continue }
            let position = Int.random(in: 0..<text.count, using: &random)
            switch round % 4 {
            case 0: text.removeSubrange(position...)
            case 1: text[position] = noise.randomElement(using: &random)!
            case 2: text.insert(noise.randomElement(using: &random)!, at: position)
            default: text.remove(at: position)
            }
            if case .failure = Self.outcomes(text).fast { failures += 1 }
            #expect(Self.agree(text), "seed \(seed) round \(round): \(text)")
        }
        #expect(failures > 300)
    }

    @Test(
        "malformed input: message and position",
        arguments: [
            ("", "empty input: expected a JSON value"), ("  ", "empty input: expected a JSON value"),
            ("[1,]", "invalid JSON at byte 3: unexpected character ']'"),
            ("{\"a\" 1}", "invalid JSON at byte 5: expected ':'"),
            ("01", "invalid JSON at byte 1: unexpected data after the JSON value"),
            ("-", "invalid JSON at byte 1: invalid number"),
            ("1.", "invalid JSON at byte 2: expected digits after '.'"),
            ("1e+", "invalid JSON at byte 3: expected digits in exponent"),
            ("nul", "invalid JSON at byte 0: unexpected end of input"),
            ("nulL", "invalid JSON at byte 0: invalid literal"),
            ("\"abc", "invalid JSON at byte 4: unterminated string"),
            ("\"abcdefghijkl\u{01}\"", "invalid JSON at byte 13: control character in string"),
            ("\"a\\x\"", "invalid JSON at byte 4: invalid escape"),
            ("\"\\ud800\"", "invalid JSON at byte 7: unpaired surrogate"),
            ("\"\\udc00\"", "invalid JSON at byte 7: unpaired surrogate"),
            ("\"\\ud800\\u0041\"", "invalid JSON at byte 13: invalid surrogate pair"),
            ("\"\\u12G4\"", "invalid JSON at byte 5: invalid \\u escape"),
            ("\"\\u12", "invalid JSON at byte 3: truncated \\u escape"),
            ("{\"a\":1 \"b\"}", "invalid JSON at byte 7: expected ',' or '}'"),
            ("[1", "invalid JSON at byte 2: unterminated array"),
        ])
    func malformed(text: String, message: String) {
        let error = #expect(throws: JSONError.self) { try JSONParser.parse(text) }
        #expect(error?.message == message)
        #expect(Self.agree(Array(text.utf8)))
    }

    @Test("invalid UTF-8 inside a string, with and without escapes")
    func invalidUTF8() {
        for bytes: [UInt8] in [
            [0x22, 0xC3, 0x22], [0x22, 0x61, 0x5C, 0x6E, 0xFF, 0x22],
            [0x22, 0xC3, 0x5C, 0x75, 0x30, 0x30, 0x65, 0x39, 0x22],
        ] {
            let error = #expect(throws: JSONError.self) { try JSONParser.parse(bytes) }
            #expect(error?.message == "invalid JSON at byte \(bytes.count): string is not valid UTF-8")
            #expect(Self.agree(bytes))
        }
    }

    @Test("-0, -0.0, the 64-bit limits and duplicate keys")
    func edges() throws {
        #expect(try JSONParser.parse("-0") == .int(0))
        #expect(try JSONParser.parse("-0.0").doubleValue?.sign == .minus)
        #expect(try JSONParser.parse("-9223372036854775808") == .int(.min))
        #expect(try JSONParser.parse("-9223372036854775809") == .double(-9_223_372_036_854_775_808))
        #expect(try JSONParser.parse("1e400") == .double(.infinity))
        let object = try JSONParser.parse(#"{"a":1,"b":2,"a":3,"K":4,"\u212A":5}"#).objectValue
        #expect(object?.keys == ["a", "b", "K"])
        #expect(object?["a"] == 3 && object?["K"] == 5)
        let deep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        let error = #expect(throws: JSONError.self) { try JSONParser.parse(deep) }
        #expect(error?.message == "invalid JSON at byte 512: nesting deeper than 512")
    }
}
