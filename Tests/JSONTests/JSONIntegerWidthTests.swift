import JSON
import Testing

@Suite("Integers of every width through JSONValue")
struct JSONIntegerWidthTests {
    struct Box<Value: Codable>: Codable { var number: Value }

    /// Encodes `value`, checks the number it became, and decodes it back, bare and as a struct member.
    static func roundTrip<Value: FixedWidthInteger & Codable>(_ value: Value) throws -> Value {
        let json = try JSONValue(encoding: value)
        #expect(json.intValue.map { Int128($0) } == Int128(value))
        #expect(try JSONValue(encoding: Box(number: value))["number"] == json)
        #expect(try JSONValue(encoding: [value]) == [json])
        #expect(
            try JSONParser.parse(JSONValue(encoding: Box(number: value)).serialized()).decode(Box<Value>.self).number
                == value)
        return try json.decode(Value.self)
    }

    @Test("every signed width round-trips at its extremes")
    func signed() throws {
        for value in [Int8.min, -1, 0, Int8.max] { #expect(try Self.roundTrip(value) == value) }
        for value in [Int16.min, Int16.max] { #expect(try Self.roundTrip(value) == value) }
        for value in [Int32.min, Int32.max] { #expect(try Self.roundTrip(value) == value) }
        for value in [Int64.min, Int64.max] { #expect(try Self.roundTrip(value) == value) }
        for value in [Int.min, Int.max] { #expect(try Self.roundTrip(value) == value) }
        for value in [Int128(Int64.min), Int128(Int64.max)] { #expect(try Self.roundTrip(value) == value) }
    }

    @Test("every unsigned width round-trips at its extremes (64-bit ones up to Int64.max)")
    func unsigned() throws {
        for value in [UInt8.min, UInt8.max] { #expect(try Self.roundTrip(value) == value) }
        for value in [UInt16.min, UInt16.max] { #expect(try Self.roundTrip(value) == value) }
        for value in [UInt32.min, UInt32.max] { #expect(try Self.roundTrip(value) == value) }
        for value in [UInt64.min, UInt64(Int64.max)] { #expect(try Self.roundTrip(value) == value) }
        for value in [UInt.min, UInt(Int64.max)] { #expect(try Self.roundTrip(value) == value) }
        for value in [UInt128.min, UInt128(Int64.max)] { #expect(try Self.roundTrip(value) == value) }
    }

    @Test("unsigned values beyond Int64 are exact doubles when they can be, and an error when not")
    func beyondInt64() throws {
        let power: UInt64 = 1 << 63
        #expect(try JSONValue(encoding: power) == .double(9_223_372_036_854_775_808))
        #expect(try JSONValue(encoding: power).decode(UInt64.self) == power)
        let error = try #require(throws: JSONCodingError.self) { try JSONValue(encoding: ["big": UInt64.max]) }
        #expect(error.code == .numberOutOfRange)
        #expect(error.path == "big")
        #expect(error.message.contains("18446744073709551615"))
        #expect(throws: JSONCodingError.self) { try JSONValue(encoding: Int128.max) }
    }

    @Test(
        "numbers outside the target width are rejected with the path",
        arguments: [
            (JSONValue.int(128), "Int8"), (.int(-129), "Int8"), (.int(256), "UInt8"), (.int(-1), "UInt8"),
            (.int(32768), "Int16"), (.int(65536), "UInt16"), (.int(2_147_483_648), "Int32"),
            (.int(4_294_967_296), "UInt32"), (.int(-1), "UInt64"), (.double(1e19), "Int64"), (.double(-1), "UInt"),
        ])
    func outOfRange(value: JSONValue, type: String) throws {
        let json: JSONValue = ["counts": [0, value]]
        let error = try #require(throws: JSONCodingError.self) {
            switch type {
            case "Int8": _ = try json.decode([String: [Int8]].self)
            case "UInt8": _ = try json.decode([String: [UInt8]].self)
            case "Int16": _ = try json.decode([String: [Int16]].self)
            case "UInt16": _ = try json.decode([String: [UInt16]].self)
            case "Int32": _ = try json.decode([String: [Int32]].self)
            case "UInt32": _ = try json.decode([String: [UInt32]].self)
            case "Int64": _ = try json.decode([String: [Int64]].self)
            case "UInt64": _ = try json.decode([String: [UInt64]].self)
            default: _ = try json.decode([String: [UInt]].self)
            }
        }
        #expect(error.code == .numberOutOfRange)
        #expect(error.path == "counts[1]")
        #expect(error.message == "the number \(value.serialized()) at counts[1] does not fit in \(type)")
    }

    @Test("integral numbers written with a fraction or exponent decode as integers; fractions do not")
    func integralDoubles() throws {
        #expect(try JSONParser.parse("[2.0, 1e3, -0.0]").decode([Int].self) == [2, 1000, 0])
        let error = try #require(throws: JSONCodingError.self) { try JSONParser.parse("[1, 1.5]").decode([Int].self) }
        #expect(error.code == .typeMismatch)
        #expect(error.message == "expected an integer at [1], found 1.5")
    }
}
