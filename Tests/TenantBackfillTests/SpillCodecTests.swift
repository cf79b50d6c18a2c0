import Formats
import JSON
import Testing
import Timekeeping

@testable import TenantBackfill

@Suite("spill files keep records in a binary form and give them back")
struct SpillCodecTests {
    static let values: [JSONValue] = [
        nil, true, false, 0, -1, 63, -64, 64, .int(Int64.max), .int(Int64.min), 1.5, -0.0, 1e300, "", "é ☃ 𝄞",
        [], [1, "two", [3.5, nil]], [:], ["a": ["b": [true]], "": 1],
    ]

    @Test("every kind of value round-trips, with the id, update time and hash")
    func roundTrip() throws {
        var object = JSONObject()
        for (index, value) in Self.values.enumerated() { object["m\(index)"] = value }
        let record = ChunkRecords.Record(
            object: object, id: "9d3-é", updated: Timestamp(millisecondsSince1970: -86_400_001), hash: "abc")
        var buffer: [UInt8] = []
        SpillCodec.append(record, to: &buffer)
        SpillCodec.append(record, to: &buffer)
        let length = buffer.withUnsafeBytes { SpillCodec.frameLength($0) }
        #expect(buffer.count == 2 * (length + 4))
        let entry = try buffer.withUnsafeBytes {
            try SpillCodec.decode(UnsafeRawBufferPointer(rebasing: $0[4..<4 + length]))
        }
        #expect(entry.id == "9d3-é" && entry.hash == "abc" && entry.updatedMillis == -86_400_001)
        #expect(JSONObject(entry.members.map { ($0.key, $0.value) }) == object)
    }

    @Test("a truncated record is an error, not a crash")
    func truncated() throws {
        var buffer: [UInt8] = []
        SpillCodec.append(
            ChunkRecords.Record(
                object: ["s": "long text"], id: "1", updated: Timestamp(millisecondsSince1970: 0), hash: "h"),
            to: &buffer)
        for cut in 4..<buffer.count - 1 {
            #expect(throws: TenantBackfillError.self) {
                try buffer.withUnsafeBytes { _ = try SpillCodec.decode(UnsafeRawBufferPointer(rebasing: $0[4..<cut])) }
            }
        }
    }

    @Test("the incremental schema matches RowSchema.infer, metadata names left out")
    func schema() throws {
        let records: [JSONObject] = [
            ["id": 1, "n": nil, "mixed": 1, "x": 1.5, "_extra": "kept out"],
            ["id": 2, "n": 3, "mixed": "s", "x": 2, "nested": ["a": 1], "flag": true],
            ["id": "3", "mixed": [1], "later": nil],
        ]
        let pinned = try #require(try TenantTableSchema.pin(from: records))
        let batch = try RowSchema.infer(
            from: records.map {
                .object(JSONObject($0.members.filter { $0.key != "_extra" }.map { ($0.key, $0.value) }))
            })
        #expect(pinned == batch)
        #expect(try TenantTableSchema.pin(from: [["_tenant_id": "x"]]) == nil)
    }
}
