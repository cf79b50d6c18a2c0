import JSON
import SeededRandom

/// Random JSON documents with the value each must parse to, built alongside the text (not by parsing it):
/// nested objects and arrays, strings with every escape (surrogate pairs included) and raw UTF-8, integers
/// up to the 64-bit limits and beyond, fractions, exponents, `-0`, duplicate keys, whitespace between every
/// token. Deterministic for a seed.
struct JSONDocumentGenerator {
    var random: SeededRandom
    init(seed: UInt64) { random = SeededRandom(seed: seed) }

    /// One document: its UTF-8 text and the value it stands for.
    mutating func document() -> (text: [UInt8], value: JSONValue) {
        var text = whitespace()
        let value = self.value(depth: 0, into: &text)
        text += whitespace()
        return (text, value)
    }

    private mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }

    private mutating func whitespace() -> [UInt8] {
        guard chance(30) else { return [] }
        return (0..<Int.random(in: 1...3, using: &random)).map { _ in
            [0x20, 0x0A, 0x0D, 0x09].randomElement(using: &random)!
        }
    }

    private mutating func value(depth: Int, into text: inout [UInt8]) -> JSONValue {
        let kind = Int.random(in: 0..<(depth < 4 ? 10 : 7), using: &random)
        switch kind {
        case 0:
            text += Array("null".utf8)
            return .null
        case 1:
            let flag = chance(50)
            text += Array((flag ? "true" : "false").utf8)
            return .bool(flag)
        case 2, 3: return number(into: &text)
        case 4, 5, 6: return .string(string(into: &text))
        case 7:
            text.append(UInt8(ascii: "["))
            var elements: [JSONValue] = []
            for index in 0..<Int.random(in: 0...5, using: &random) {
                text += whitespace() + (index > 0 ? [UInt8(ascii: ",")] : []) + whitespace()
                elements.append(value(depth: depth + 1, into: &text))
            }
            text += whitespace() + [UInt8(ascii: "]")]
            return .array(elements)
        default:
            text.append(UInt8(ascii: "{"))
            var object = JSONObject()
            let keys = ["id", "name", "K", "\u{212A}", "é", "a very long key name over sixteen bytes", "x"]
            for index in 0..<Int.random(in: 0...6, using: &random) {
                text += whitespace() + (index > 0 ? [UInt8(ascii: ",")] : []) + whitespace()
                let key: String
                if chance(60) {
                    key = keys.randomElement(using: &random)!
                    text += Self.quoted(key)
                } else {
                    key = string(into: &text)
                }
                text += whitespace() + [UInt8(ascii: ":")] + whitespace()
                object[key] = value(depth: depth + 1, into: &text)
            }
            text += whitespace() + [UInt8(ascii: "}")]
            return .object(object)
        }
    }

    private static func quoted(_ key: String) -> [UInt8] {
        [UInt8(ascii: "\"")] + Array(key.utf8) + [UInt8(ascii: "\"")]
    }

    private mutating func number(into text: inout [UInt8]) -> JSONValue {
        switch Int.random(in: 0..<6, using: &random) {
        case 0:
            let number = [Int64.min, .max, 0, -1, 1, 9_007_199_254_740_993].randomElement(using: &random)!
            text += Array(String(number).utf8)
            return .int(number)
        case 1:
            let number = Int64.random(in: -1_000_000...1_000_000, using: &random)
            text += Array(String(number).utf8)
            return .int(number)
        case 2:
            let word = ["-0", "9223372036854775808", "-9223372036854775809", "123456789012345678901234567890"]
                .randomElement(using: &random)!
            text += Array(word.utf8)
            return word == "-0" ? .int(0) : .double(Double(word)!)
        default:
            var word = chance(40) ? "-" : ""
            word +=
                chance(20)
                ? "0"
                : String(
                    UInt64.random(in: 1...UInt64(10).power(Int.random(in: 1...20, using: &random)), using: &random))
            if chance(70) {
                word += "." + String(repeating: "0", count: Int.random(in: 0...3, using: &random))
                word += String(UInt64.random(in: 0...999_999_999, using: &random))
            }
            if chance(40) {
                word += ["e", "E"].randomElement(using: &random)! + ["", "+", "-"].randomElement(using: &random)!
                word += String(Int.random(in: 0...400, using: &random))
            }
            text += Array(word.utf8)
            if word.contains(where: { ".eE".contains($0) }) { return .double(Double(word)!) }
            return Int64(word).map(JSONValue.int) ?? .double(Double(word)!)
        }
    }

    /// A string literal into `text`; returns its value.
    private mutating func string(into text: inout [UInt8]) -> String {
        var value = ""
        text.append(UInt8(ascii: "\""))
        for _ in 0..<Int.random(in: 0...30, using: &random) {
            switch Int.random(in: 0..<12, using: &random) {
            case 0:
                let (escape, character) = [
                    ("\\\"", "\""), ("\\\\", "\\"), ("\\/", "/"), ("\\b", "\u{8}"), ("\\f", "\u{C}"),
                    ("\\n", "\n"), ("\\r", "\r"), ("\\t", "\t"),
                ].randomElement(using: &random)!
                text += Array(escape.utf8)
                value += character
            case 1:
                let scalar = Unicode.Scalar(
                    [0x41, 0x1F, 0x7F, 0xE9, 0x4E2D, 0xFFFD, 0x212A].randomElement(using: &random)!)!
                text += Array(String(format4: scalar.value, uppercase: chance(50)).utf8)
                value.unicodeScalars.append(scalar)
            case 2:
                let scalar = Unicode.Scalar([0x1F600, 0x10000, 0x10FFFF].randomElement(using: &random)!)!
                let code = scalar.value - 0x10000
                text += Array(
                    (String(format4: 0xD800 + code >> 10, uppercase: false)
                        + String(format4: 0xDC00 + code & 0x3FF, uppercase: true)).utf8)
                value.unicodeScalars.append(scalar)
            case 3:
                let raw = ["é", "中文", "😀", "\u{7F}", "ü"].randomElement(using: &random)!
                text += Array(raw.utf8)
                value += raw
            default:
                let run = String(
                    repeating: "abcdefghij ".randomElement(using: &random)!,
                    count: Int.random(in: 1...9, using: &random))
                text += Array(run.utf8)
                value += run
            }
        }
        text.append(UInt8(ascii: "\""))
        return value
    }
}

extension String {
    /// `\uXXXX` for `code`.
    fileprivate init(format4 code: UInt32, uppercase: Bool) {
        let digits = String(code, radix: 16, uppercase: uppercase)
        self = "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
    }
}

extension UInt64 {
    fileprivate func power(_ exponent: Int) -> UInt64 {
        (0..<exponent).reduce(1) { value, _ in
            value.multipliedReportingOverflow(by: self).overflow ? .max : value * self
        }
    }
}
