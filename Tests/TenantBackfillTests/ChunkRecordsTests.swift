import JSON
import TenantBackfill
import Testing
import Timekeeping

@Suite("Chunk records: newest version per id, rejects with reasons, stable hashes")
struct ChunkRecordsTests {
    static func ticket(_ id: JSONValue?, _ updated: JSONValue?, summary: String = "s") -> JSONValue {
        var object: JSONObject = ["summary": .string(summary)]
        if let id { object["id"] = id }
        if let updated { object["_info"] = ["lastUpdated": updated] }
        return .object(object)
    }

    @Test("a duplicate keeps the newest update time, whichever arrives first; a tie keeps the later copy")
    func dedupe() {
        var chunk = ChunkRecords(idField: "id", updatedField: "_info/lastUpdated")
        chunk.add(contentsOf: [
            Self.ticket(1, "2024-01-02T00:00:00Z", summary: "newer"),
            Self.ticket(2, "2024-01-01T00:00:00Z", summary: "first"),
            Self.ticket(1, "2024-01-01T00:00:00Z", summary: "older"),
            Self.ticket("2", "2024-01-01T00:00:00Z", summary: "tie, later"),
            Self.ticket(3, "2024-01-03T10:00:00.250+02:00"),
        ])
        #expect(chunk.records.map(\.id) == ["1", "2", "3"])
        #expect(chunk.records.map { $0.object["summary"]?.stringValue } == ["newer", "tie, later", "s"])
        #expect(chunk.duplicateCount == 2 && chunk.receivedCount == 5 && chunk.rejected.isEmpty)
        #expect(chunk.records[2].updated == Timestamp(millisecondsSince1970: 1_704_268_800_250))
    }

    @Test("records without id or update time, or with an unparseable one, are rejected with the reason")
    func rejects() {
        var chunk = ChunkRecords(idField: "id", updatedField: "_info/lastUpdated")
        chunk.add(contentsOf: [
            Self.ticket(nil, "2024-01-02T00:00:00Z"), Self.ticket("", "2024-01-02T00:00:00Z"),
            Self.ticket(4, nil), Self.ticket(5, "not-a-date"), Self.ticket(6, 1_704_000_000), "just text",
            Self.ticket(7, "2024-01-02T00:00:00Z"),
        ])
        #expect(chunk.records.map(\.id) == ["7"])
        #expect(
            chunk.rejected.map(\.reason) == [
                "missing id (id)", "missing id (id)", "missing updated time (_info/lastUpdated)",
                "unparseable updated time (_info/lastUpdated)", "unparseable updated time (_info/lastUpdated)",
                "not an object (a string)",
            ])
        #expect(chunk.rejected[3].record == Self.ticket(5, "not-a-date"))
    }

    @Test("ServiceNow's zone-less date-times are UTC and sys_id is the id")
    func serviceNow() throws {
        var chunk = ChunkRecords(idField: "sys_id", updatedField: "sys_updated_on")
        chunk.add(["sys_id": "abc", "sys_updated_on": "2024-03-01 12:30:00"])
        chunk.add(["sys_id": "abc", "sys_updated_on": "2024-03-01 12:29:59"])
        chunk.add(["sys_id": "def", "sys_updated_on": "31/02/2024 25:00"])
        let record = try #require(chunk.records.first)
        #expect(record.updated == CivilDate(year: 2024, month: 3, day: 1).startTimestamp + .seconds(45_000))
        #expect(chunk.records.count == 1 && chunk.rejected.count == 1 && chunk.duplicateCount == 1)
    }

    @Test("the record hash ignores member order and changes with any value")
    func hashes() {
        let first: JSONValue = ["id": 1, "a": ["x": 1, "y": [1, 2]], "b": nil]
        let reordered: JSONValue = ["b": nil, "a": ["y": [1, 2], "x": 1], "id": 1]
        let changed: JSONValue = ["id": 1, "a": ["x": 1, "y": [2, 1]], "b": nil]
        #expect(RecordHash.hex(first) == RecordHash.hex(reordered))
        #expect(RecordHash.hex(first) != RecordHash.hex(changed))
        #expect(RecordHash.hex(first).count == 64)
        // SHA-256 of `{}` (two bytes), a published value.
        #expect(RecordHash.hex([:]) == "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a")
    }
}
