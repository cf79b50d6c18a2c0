import BackfillTesting
import JSON
import Synchronization
import TenantBackfill
import Testing
import Timekeeping

/// A schema store with atomic conditional pins whose reads can be made stale, as when two first chunks both
/// read "nothing pinned" before either writes.
final class RacingSchemaStore: TenantSchemaStore {
    let pins = Mutex<[String: JSONValue]>([:])
    let pinCalls = Mutex(0)
    /// Reads answer nil (the race: both chunks saw nothing pinned).
    let staleReads: Bool

    init(staleReads: Bool) { self.staleReads = staleReads }

    func pinned(jobID: String, table: String) async throws -> JSONValue? {
        staleReads ? nil : pins.withLock { $0[jobID + "|" + table] }
    }

    func pin(jobID: String, table: String, schema: JSONValue) async throws -> JSONValue {
        pinCalls.withLock { $0 += 1 }
        return pins.withLock { pins in
            if let existing = pins[jobID + "|" + table] { return existing }
            pins[jobID + "|" + table] = schema
            return schema
        }
    }
}

@Suite("schema pinning with the job: two first chunks racing write one schema")
struct SchemaPinningTests {
    static func chunk(_ day: Int) -> TenantChunk {
        TenantChunk(
            tenantID: "t1", service: "connectwise", table: "service/tickets", jobID: "j",
            start: CivilDate(year: 2023, month: 1, day: day), end: CivilDate(year: 2023, month: 1, day: day + 1))
    }

    static func records(_ member: String) -> [JSONValue] {
        (1...3).map { id in
            .object(
                JSONObject([
                    ("id", .int(Int64(id))), ("_info", ["lastUpdated": "2023-01-01T10:00:00Z"]),
                    (member, .string("v\(id)")),
                ]))
        }
    }

    @Test("the loser of the pin uses the winner's columns; _schema.json holds the pinned schema")
    func race() async throws {
        let store = RacingSchemaStore(staleReads: true)
        let objects = InMemoryObjectStore()
        let writer = TenantChunkWriter(
            settings: try TenantBackfillSettings.defaults.service("connectwise"), objects: objects,
            time: ManualTimeSource(), schemas: store)
        _ = try await writer.write(Self.chunk(1)) { _, _ in FetchedChunk(records: Self.records("only_in_first")) }
        // The second chunk looked before the first wrote anything: no pin, no `_schema.json`.
        try await objects.delete("t1/raw/connectwise/tickets/_schema.json")
        _ = try await writer.write(Self.chunk(2)) { _, _ in FetchedChunk(records: Self.records("only_in_second")) }
        #expect(store.pinCalls.withLock { $0 } == 2, "both chunks tried to pin")
        let pinned = try #require(store.pins.withLock { $0["j|service/tickets"] })
        #expect(pinned.serialized().contains("only_in_first"))
        let schemaFile = try #require(objects.stored["t1/raw/connectwise/tickets/_schema.json"])
        #expect(try JSONParser.parse(schemaFile.body) == pinned)
        // The second file's footer names the winner's column, which its own records do not have.
        let second = try #require(objects.stored["t1/raw/connectwise/tickets/2023-01-02_2023-01-03.parquet"])
        #expect(second.body.contains(Array("only_in_first".utf8)))
    }

    @Test("a later chunk reads the job's pin; a table's _schema.json from an earlier job is what gets pinned")
    func earlierSchema() async throws {
        let objects = InMemoryObjectStore()
        let earlier = TenantChunkWriter(
            settings: try TenantBackfillSettings.defaults.service("connectwise"), objects: objects,
            time: ManualTimeSource())
        _ = try await earlier.write(Self.chunk(1)) { _, _ in FetchedChunk(records: Self.records("from_old_job")) }
        let store = RacingSchemaStore(staleReads: false)
        let writer = TenantChunkWriter(
            settings: try TenantBackfillSettings.defaults.service("connectwise"), objects: objects,
            time: ManualTimeSource(), schemas: store)
        _ = try await writer.write(Self.chunk(5)) { _, _ in FetchedChunk(records: Self.records("new_member")) }
        _ = try await writer.write(Self.chunk(6)) { _, _ in FetchedChunk(records: Self.records("newer_member")) }
        #expect(store.pinCalls.withLock { $0 } == 1, "the second chunk read the pin")
        let pinned = try #require(store.pins.withLock { $0["j|service/tickets"] })
        #expect(pinned.serialized().contains("from_old_job"))
        #expect(!pinned.serialized().contains("new_member"))
    }
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs in these bytes.
    fileprivate func contains(_ needle: [UInt8]) -> Bool {
        guard needle.count <= count else { return false }
        return (0...(count - needle.count)).contains { start in
            self[start..<(start + needle.count)].elementsEqual(needle)
        }
    }
}
