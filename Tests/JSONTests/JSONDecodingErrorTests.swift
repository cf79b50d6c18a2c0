import JSON
import Testing

@Suite("Decoding errors name the coding path")
struct JSONDecodingErrorTests {
    struct Request: Codable {
        var months: [String]
        var window: Window
        var owner: Owner?

        struct Window: Codable {
            var start: String
            var days: UInt16
        }

        struct Owner: Codable {
            var name: String
            var role: Role
        }

        enum Role: String, Codable { case admin, viewer }
    }

    static let valid: JSONObject = [
        "months": ["2025-10", "2025-11", "2025-12"], "window": ["start": "2025-10-01", "days": 30],
        "owner": ["name": "ops", "role": "admin"],
    ]

    /// Decodes `valid` with `path` replaced by `value` (removed when nil), returning the error.
    static func failure(setting change: (inout JSONObject) -> Void) throws -> JSONCodingError {
        var object = valid
        change(&object)
        return try #require(throws: JSONCodingError.self) { try JSONValue.object(object).decode(Request.self) }
    }

    @Test("the valid document decodes, so each failure below is caused by its one change")
    func valid() throws {
        let request = try JSONValue.object(Self.valid).decode(Request.self)
        #expect(request.months.count == 3 && request.window.days == 30 && request.owner?.role == .admin)
    }

    @Test("a wrong type inside an array")
    func arrayElement() throws {
        let error = try Self.failure { $0["months"] = ["2025-10", "2025-11", 7] }
        #expect(error.code == .typeMismatch)
        #expect(error.message == "expected a string at months[2], found a number")
        #expect(error.path == "months[2]")
        #expect(error.codingPath.map(\.stringValue) == ["months", "2"])
    }

    @Test("a missing key in a nested object")
    func missingKey() throws {
        let error = try Self.failure { $0["window"] = ["start": "2025-10-01"] }
        #expect(error.code == .keyNotFound)
        #expect(error.message == "missing required key 'days' at window")
        #expect(error.path == "window.days")
    }

    @Test("null where a value is required")
    func nullValue() throws {
        let error = try Self.failure { $0["window"] = ["start": nil, "days": 1] }
        #expect(error.code == .valueNotFound)
        #expect(error.message == "expected a string at window.start, found null")
    }

    @Test("an object where an array is expected, and an array where an object is")
    func containers() throws {
        let array = try Self.failure { $0["months"] = ["a": 1] }
        #expect(array.message == "expected an array at months, found an object")
        let object = try Self.failure { $0["window"] = [1, 2] }
        #expect(object.message == "expected an object at window, found an array")
        let top = try #require(throws: JSONCodingError.self) { try JSONValue.string("x").decode(Request.self) }
        #expect(top.message == "expected an object at the top level, found a string")
    }

    @Test("an unknown raw value, reported by the enum's own initializer, gets the path added")
    func unknownRawValue() throws {
        let error = try Self.failure { $0["owner"] = ["name": "ops", "role": "root"] }
        #expect(error.code == .dataCorrupted)
        #expect(error.path == "owner.role")
        #expect(error.message.hasSuffix(" at owner.role"))
        #expect(error.message.contains("root"))
    }

    @Test("an array too short for a fixed layout")
    func endOfArray() throws {
        struct Point: Decodable {
            var x: Int
            var y: Int
            init(from decoder: any Decoder) throws {
                var array = try decoder.unkeyedContainer()
                x = try array.decode(Int.self)
                y = try array.decode(Int.self)
            }
        }
        let error = try #require(throws: JSONCodingError.self) {
            try JSONValue.array([[1, 2], [3]]).decode([Point].self)
        }
        #expect(error.code == .valueNotFound)
        #expect(error.message == "expected a value at [1][1], found the end of an array of 1")
    }

    @Test("a float beyond Float's range and a non-finite double are errors")
    func floatingPoint() throws {
        let narrow = try #require(throws: JSONCodingError.self) { try JSONValue.array([1e300]).decode([Float].self) }
        #expect(narrow.code == .numberOutOfRange && narrow.path == "[0]")
        let nan = try #require(throws: JSONCodingError.self) { try JSONValue(encoding: ["ratio": Double.nan]) }
        #expect(nan.code == .invalidValue)
        #expect(nan.message == "Double value nan at ratio is not a finite number, which JSON cannot represent")
        #expect(throws: JSONCodingError.self) { try JSONValue(encoding: [Float.infinity]) }
    }

    @Test("an error of a type's own is kept as the underlying error")
    func ownError() throws {
        struct Refused: Error {}
        struct Picky: Decodable {
            init(from decoder: any Decoder) throws { throw Refused() }
        }
        let error = try #require(throws: JSONCodingError.self) { try JSONValue.null.decode(Picky.self) }
        #expect(error.code == .other)
        #expect(error.underlying is Refused)
    }

    @Test("a top-level value that encodes nothing is an error")
    func encodesNothing() throws {
        struct Silent: Encodable {
            func encode(to encoder: any Encoder) throws {}
        }
        let error = try #require(throws: JSONCodingError.self) { try JSONValue(encoding: Silent()) }
        #expect(error.code == .invalidValue)
        #expect(try JSONValue(encoding: ["inner": Silent()]) == ["inner": [:]])
    }
}
