import JSON
import TenantBackfill
import Testing

/// `_record_hash` values are stored in every chunk file: they must not change when the hashing code does. The
/// expected digests were computed outside Swift (Python's hashlib over the canonical text written here).
@Suite("record hash: pinned values")
struct RecordHashPinnedTests {
    struct Case: Sendable, CustomStringConvertible {
        var record: String
        var canonical: String
        var hex: String
        var description: String { String(record.prefix(40)) }
    }

    static let cases: [Case] = [
        Case(
            record: #"""
                {"id":1,"summary":"Ticket 1: xxxxxxxxxxxxxx","board":{"id":4,"name":"Onboarding"},"status":{"name":"R\u00e9solu"},"priority":{"id":1},"budgetHours":0.94,"closedFlag":true,"_info":{"lastUpdated":"2025-09-07T01:00:00Z","dateEntered":"2024-01-01T00:00:00Z"}}
                """#,
            canonical: #"""
                {"_info":{"dateEntered":"2024-01-01T00:00:00Z","lastUpdated":"2025-09-07T01:00:00Z"},"board":{"id":4,"name":"Onboarding"},"budgetHours":0.94,"closedFlag":true,"id":1,"priority":{"id":1},"status":{"name":"Résolu"},"summary":"Ticket 1: xxxxxxxxxxxxxx"}
                """#,
            hex: "9912c3f16c4106c43ffd1943fa6affcaceefc55740d85481fa5e0e41536eba3e"),
        Case(
            record: #"{"b":"tab\tq\"\u0001","a":[1,-2,3.5,null,false,{"z":[],"y":{}}]}"#,
            canonical: #"{"a":[1,-2,3.5,null,false,{"y":{},"z":[]}],"b":"tab\tq\"\u0001"}"#,
            hex: "74fce5361b7f8f0f7c2fddea907e8f528505d16772fef47f89992fa670cf473e"),
        Case(
            record: #"{"x":3.0,"y":1e300,"w":-0.5,"v":12345678901234}"#,
            canonical: #"{"v":12345678901234,"w":-0.5,"x":3.0,"y":1e+300}"#,
            hex: "39916a85512a389e59bb9f2b55852cfaaec3f5244c8ac579a35d7686f3cba4ef"),
        Case(
            record: #"[{"sys_id":"9d3","sys_updated_on":"2025-01-02 03:04:05"},"x"]"#,
            canonical: #"[{"sys_id":"9d3","sys_updated_on":"2025-01-02 03:04:05"},"x"]"#,
            hex: "a473c3dee100e7ecf7a67ca8fd75de5700129dc5b86ea2a1a12bbbaebe056ff0"),
    ]

    @Test("digest and canonical bytes of fixed records", arguments: cases)
    func pinned(_ example: Case) throws {
        let value = try JSONParser.parse(example.record)
        #expect(String(decoding: RecordHash.canonicalBytes(value), as: UTF8.self) == example.canonical)
        #expect(RecordHash.hex(value) == example.hex)
    }

    @Test("a record far larger than any internal buffer")
    func large() {
        let nested: [JSONValue] = (0..<200).map { index in
            ["v": .string(String(repeating: "z", count: index)), "k": .int(Int64(index))]
        }
        let record: JSONValue = ["nest": .array(nested), "big": .string(String(repeating: "y", count: 10_000)), "a": 1]
        #expect(RecordHash.canonicalBytes(record).count == 33_215)
        #expect(RecordHash.hex(record) == "92b882efa4ed71ab0fbf55b972f5082db6dca8c184bc66d263e615cf03a0ec46")
    }
}
