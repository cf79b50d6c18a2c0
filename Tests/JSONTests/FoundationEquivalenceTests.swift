import Foundation
import JSON
import Testing

/// The same values through Foundation's JSONEncoder/JSONDecoder and through JSONValueEncoder/JSONValueDecoder
/// must give the same JSON and the same values back.
@Suite("Equivalence with Foundation's JSONEncoder and JSONDecoder")
struct FoundationEquivalenceTests {
    struct Summary: Codable, Equatable {
        enum Kind: String, Codable { case monthly, daily }
        struct Line: Codable, Equatable {
            var service: String
            var amount: Double
            var units: Float?
            var tags: [String: String]
        }
        var period: String
        var kind: Kind
        var total: Double
        var count: Int
        var small: Int8
        var wide: UInt32
        var huge: Int64
        var lines: [Line]
        var flags: [Bool]
        var raw: [UInt8]
        var byDay: [Int: Int]
        var comment: String?
        var nested: [[String?]]
    }

    static let shapes: [Summary] = [
        Summary(
            period: "2025-11", kind: .monthly, total: 1234.5, count: 3, small: -128, wide: .max, huge: .min,
            lines: [
                .init(service: "Amazon S3", amount: 0.1, units: 1.5, tags: ["team": "data"]),
                .init(service: "AWS Lambda \"quoted\" \\ é 😀\n", amount: 1e-7, units: nil, tags: [:]),
            ],
            flags: [true, false], raw: [0, 255], byDay: [1: 10, 30: 300], comment: nil, nested: [["a", nil], []]),
        Summary(
            period: "", kind: .daily, total: -0.0, count: 0, small: 127, wide: 0, huge: .max, lines: [], flags: [],
            raw: [], byDay: [:], comment: "tab\there", nested: []),
        Summary(
            period: "2025-12", kind: .daily, total: 1e21, count: -1, small: 0, wide: 1, huge: 0,
            lines: [.init(service: "x", amount: 123_456_789.012, units: 3.4028235e38, tags: ["k": ""])],
            flags: [true], raw: [1, 2, 3], byDay: [-5: 0], comment: "", nested: [[nil]]),
    ]

    /// Numbers compared by value, so Foundation's `2` and our `2.0` for a Double agree; objects by members
    /// regardless of order (Foundation's dictionary order is unspecified).
    static func same(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.array(let left), .array(let right)):
            return left.count == right.count && zip(left, right).allSatisfy { same($0, $1) }
        case (.object(let left), .object(let right)):
            return left.count == right.count
                && left.allSatisfy { member in right[member.key].map { same(member.value, $0) } ?? false }
        case (.int, _), (.double, _):
            return rhs.doubleValue != nil && lhs.doubleValue == rhs.doubleValue
        default:
            return lhs == rhs
        }
    }

    @Test("both encoders produce the same JSON", arguments: shapes)
    func encoders(summary: Summary) throws {
        let foundation = try JSONParser.parse(Array(JSONEncoder().encode(summary)))
        let ours = try JSONValue(encoding: summary)
        #expect(Self.same(foundation, ours), "\(foundation.serialized(sortedKeys: true)) vs \(ours.serialized())")
    }

    @Test("each decoder reads the other encoder's output back to the same value", arguments: shapes)
    func crossDecoding(summary: Summary) throws {
        let foundationText = try JSONEncoder().encode(summary)
        #expect(try JSONParser.parse(Array(foundationText)).decode(Summary.self) == summary)
        let ourText = try JSONValue(encoding: summary).serializedBytes()
        #expect(try JSONDecoder().decode(Summary.self, from: Data(ourText)) == summary)
    }

    @Test(
        "both decoders accept and reject the same documents",
        arguments: [
            #"{"a": 1}"#, #"{"a": 1.0}"#, #"{"a": 1e2}"#, #"{"a": 1.5}"#, #"{"a": 300}"#, #"{"a": -1}"#, #"{"a": "1"}"#,
            #"{"a": null}"#, #"{}"#, #"{"a": 255, "b": "ignored"}"#, #"{"a": true}"#,
        ])
    func acceptance(text: String) throws {
        struct Narrow: Codable, Equatable { var a: UInt8 }
        let foundation = try? JSONDecoder().decode(Narrow.self, from: Data(text.utf8))
        let ours = try? JSONParser.parse(text).decode(Narrow.self)
        #expect(foundation == ours)
    }

    @Test("Foundation's encoder also leaves out nil optionals")
    func nilOptionals() throws {
        struct Sparse: Codable { var a: Int?, b: String? }
        let foundation = try JSONParser.parse(Array(JSONEncoder().encode(Sparse(a: nil, b: "x"))))
        #expect(foundation == ["b": "x"])
        #expect(try JSONValue(encoding: Sparse(a: nil, b: "x")) == foundation)
    }
}
