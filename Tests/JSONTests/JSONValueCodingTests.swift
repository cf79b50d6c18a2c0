import JSON
import Testing

@Suite("Codable values to and from JSONValue")
struct JSONValueCodingTests {
    enum Status: String, Codable, Equatable { case pending, running, succeeded }
    enum Priority: Int, Codable, Equatable { case low = 1, high = 9 }

    /// An enum with associated values: synthesized Codable uses nested keyed containers.
    enum Outcome: Codable, Equatable {
        case done(records: Int)
        case failed(String, retryable: Bool)
        case skipped
    }

    struct Partition: Codable, Equatable {
        var key: String
        var status: Status
        var attempts: UInt8
        var lastError: String?
        var outcome: Outcome?
    }

    struct Job: Codable, Equatable {
        var jobID: String
        var priority: Priority
        var ratio: Double
        var scale: Float
        var done: Bool
        var partitions: [Partition]
        var totals: [String: Int]
        var byMonth: [Int: String]
        var checksum: [UInt8]
        var matrix: [[Int16]]
        var note: String?
    }

    static let job = Job(
        jobID: "job-1", priority: .high, ratio: 0.25, scale: 0.1, done: false,
        partitions: [
            Partition(key: "2025-11", status: .succeeded, attempts: 1, lastError: nil, outcome: .done(records: 42)),
            Partition(
                key: "2025-12", status: .pending, attempts: 255, lastError: "throttled",
                outcome: .failed("slow down", retryable: true)),
            Partition(key: "2026-01", status: .running, attempts: 0, lastError: nil, outcome: .skipped),
        ],
        totals: ["succeeded": 1, "failed": 0], byMonth: [11: "Nov", 12: "Dec"], checksum: [0, 127, 255],
        matrix: [[Int16.min, 0], [], [Int16.max]], note: nil)

    @Test("nested structs, enums with raw and associated values round-trip")
    func roundTrip() throws {
        let json = try JSONValue(encoding: Self.job)
        #expect(try json.decode(Job.self) == Self.job)
        #expect(try JSONParser.parse(json.serialized()).decode(Job.self) == Self.job)
    }

    @Test("raw-value enums encode as their raw values and [UInt8] as an array of numbers")
    func shapes() throws {
        let json = try JSONValue(encoding: Self.job)
        #expect(json["priority"] == 9)
        #expect(json["partitions"]?.arrayValue?[1]["status"] == "pending")
        #expect(json["checksum"] == [0, 127, 255])
        #expect(json["byMonth"]?["11"] == "Nov")
        #expect(json["scale"] == .double(0.1))
        #expect(json["partitions"]?.arrayValue?[0]["outcome"] == ["done": ["records": 42]])
        #expect(json["partitions"]?.arrayValue?[1]["outcome"] == ["failed": ["_0": "slow down", "retryable": true]])
    }

    @Test("object keys come out in encoding order")
    func keyOrder() throws {
        let json = try JSONValue(encoding: Self.job)
        #expect(
            json.objectValue?.keys
                == [
                    "jobID", "priority", "ratio", "scale", "done", "partitions", "totals", "byMonth", "checksum",
                    "matrix",
                ])
        #expect(json.serialized().hasPrefix(#"{"jobID":"job-1","priority":9,"ratio":0.25,"scale":0.1,"done":false,"#))
    }

    @Test("nil optionals are left out; an absent key and null both decode as nil")
    func optionals() throws {
        let json = try JSONValue(encoding: Self.job.partitions[0])
        #expect(json.objectValue?.keys == ["key", "status", "attempts", "outcome"])
        let absent: JSONValue = ["key": "k", "status": "running", "attempts": 3]
        let null: JSONValue = ["key": "k", "status": "running", "attempts": 3, "lastError": nil, "outcome": nil]
        let expected = Partition(key: "k", status: .running, attempts: 3, lastError: nil, outcome: nil)
        #expect(try absent.decode(Partition.self) == expected)
        #expect(try null.decode(Partition.self) == expected)
        #expect(try JSONValue(encoding: [1, nil, 3] as [Int?]) == [1, nil, 3])
        #expect(try ([1, nil, 3] as JSONValue).decode([Int?].self) == [1, nil, 3])
        #expect(try JSONValue(encoding: Int?.none) == .null)
    }

    /// A class hierarchy encoding its superclass through `superEncoder()`, and a custom container layout.
    class Base: Codable {
        var id: Int
        init(id: Int) { self.id = id }
    }

    final class Derived: Base {
        var name: String
        var tags: [String]

        init(id: Int, name: String, tags: [String]) {
            self.name = name
            self.tags = tags
            super.init(id: id)
        }

        enum Keys: String, CodingKey { case name, details, tags, parent }

        override func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(name, forKey: .name)
            var details = container.nestedContainer(keyedBy: Keys.self, forKey: .details)
            var tagList = details.nestedUnkeyedContainer(forKey: .tags)
            for tag in tags { try tagList.encode(tag) }
            try super.encode(to: container.superEncoder(forKey: .parent))
            try super.encode(to: container.superEncoder())
        }

        required init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            name = try container.decode(String.self, forKey: .name)
            let details = try container.nestedContainer(keyedBy: Keys.self, forKey: .details)
            var tagList = try details.nestedUnkeyedContainer(forKey: .tags)
            var tags: [String] = []
            while !tagList.isAtEnd { tags.append(try tagList.decode(String.self)) }
            self.tags = tags
            try super.init(from: container.superDecoder(forKey: .parent))
            let unnamed = try Base(from: container.superDecoder())
            guard unnamed.id == id else {
                throw DecodingError.dataCorruptedError(
                    forKey: .parent, in: container, debugDescription: "parent and super disagree")
            }
        }
    }

    @Test("nested containers and super encoders, keyed and by name")
    func superEncoders() throws {
        let json = try JSONValue(encoding: Derived(id: 7, name: "n", tags: ["a", "b"]))
        #expect(json == ["name": "n", "details": ["tags": ["a", "b"]], "parent": ["id": 7], "super": ["id": 7]])
        let decoded = try json.decode(Derived.self)
        #expect(decoded.id == 7 && decoded.name == "n" && decoded.tags == ["a", "b"])
    }

    struct Pair: Codable, Equatable {
        var left: Int
        var right: String
        var flag: Bool

        init(left: Int, right: String, flag: Bool) {
            self.left = left
            self.right = right
            self.flag = flag
        }

        func encode(to encoder: any Encoder) throws {
            var array = encoder.unkeyedContainer()
            try array.encode(left)
            try array.encode(right)
            var nested = array.nestedUnkeyedContainer()
            try nested.encodeNil()
            var single = array.superEncoder().singleValueContainer()
            try single.encode(flag)
        }

        init(from decoder: any Decoder) throws {
            var array = try decoder.unkeyedContainer()
            left = try array.decode(Int.self)
            right = try array.decode(String.self)
            var nested = try array.nestedUnkeyedContainer()
            guard try nested.decodeNil(), nested.isAtEnd else {
                throw DecodingError.dataCorruptedError(in: nested, debugDescription: "expected [null]")
            }
            flag = try array.superDecoder().singleValueContainer().decode(Bool.self)
            guard array.isAtEnd, array.count == 4 else {
                throw DecodingError.dataCorruptedError(in: array, debugDescription: "expected four elements")
            }
        }
    }

    @Test("unkeyed containers nest and hand out super encoders in order")
    func unkeyed() throws {
        let json = try JSONValue(encoding: Pair(left: 1, right: "r", flag: true))
        #expect(json == [1, "r", [nil], true])
        #expect(try json.decode(Pair.self) == Pair(left: 1, right: "r", flag: true))
        #expect(throws: JSONCodingError.self) { try ([1, "r", [nil]] as JSONValue).decode(Pair.self) }
    }

    struct Envelope: Codable, Equatable {
        var source: String
        var detail: JSONValue
    }

    @Test("a JSONValue member passes through untouched")
    func freeForm() throws {
        let event: JSONValue = ["source": "aws.events", "detail": ["z": 1, "a": [true, nil, 2.5, "x"]]]
        let envelope = try event.decode(Envelope.self)
        #expect(envelope.detail == ["z": 1, "a": [true, nil, 2.5, "x"]])
        #expect(try JSONValue(encoding: envelope) == event)
    }

    struct Scaled: Codable {
        var value: Int
        static let factor = CodingUserInfoKey(rawValue: "factor")!

        init(value: Int) { self.value = value }

        init(from decoder: any Decoder) throws {
            value = try decoder.singleValueContainer().decode(Int.self) * (decoder.userInfo[Self.factor] as? Int ?? 1)
        }

        func encode(to encoder: any Encoder) throws {
            var single = encoder.singleValueContainer()
            try single.encode(value * (encoder.userInfo[Self.factor] as? Int ?? 1))
        }
    }

    @Test("userInfo reaches encode(to:) and init(from:)")
    func userInfo() throws {
        let encoder = JSONValueEncoder(userInfo: [Scaled.factor: 3])
        #expect(try encoder.encode(Scaled(value: 2)) == 6)
        let decoder = JSONValueDecoder(userInfo: [Scaled.factor: 10])
        #expect(try decoder.decode(Scaled.self, from: 4).value == 40)
    }

    @Test("encoding a key twice keeps its first position and the last value")
    func repeatedKey() throws {
        struct Twice: Encodable {
            enum Keys: String, CodingKey { case a, b }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Keys.self)
                try container.encode(1, forKey: .a)
                try container.encode(2, forKey: .b)
                try container.encode(3, forKey: .a)
            }
        }
        #expect(try JSONValue(encoding: Twice()).serialized() == #"{"a":3,"b":2}"#)
    }
}
