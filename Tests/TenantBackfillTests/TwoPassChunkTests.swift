import BackfillTesting
import Foundation
import JSON
import TenantBackfill
import Testing
import Timekeeping

/// A chunk keeping more records than its memory budget spills them and is written in two passes; the file is
/// the same as the one-pass writer's, row by row.
@Suite("the two-pass chunk writer writes what the one-pass writer writes")
struct TwoPassChunkTests {
    static let chunk = TenantChunk(
        tenantID: "t1", service: "connectwise", table: "service/tickets", jobID: "backfill_t1_connectwise_20230101",
        start: CivilDate(year: 2023, month: 1, day: 1), end: CivilDate(year: 2023, month: 1, day: 2))
    static let key = "t1/raw/connectwise/tickets/2023-01-01_2023-01-02.parquet"
    static let rejectedKey = "t1/raw/connectwise/tickets/_rejected/2023-01-01_2023-01-02.ndjson.gz"

    static func ticket(_ id: Int, hour: Int, summary: String, extra: [(String, JSONValue)] = []) -> JSONValue {
        var object = JSONObject([
            ("id", .int(Int64(id))), ("summary", .string(summary)),
            ("board", ["id": .int(Int64(id % 3)), "name": .string("Service \(id % 3)")]),
            ("tags", [.string("a\(id)"), .int(Int64(id)), nil]),
            ("_info", ["lastUpdated": .string("2023-01-01T\(hour < 10 ? "0" : "")\(hour):00:00Z")]),
        ])
        for (key, value) in extra { object[key] = value }
        return .object(object)
    }

    /// Pages with duplicates whose newer version arrives before and after the older, rejects, nested values and
    /// members whose type changes (so the pinned schema widens), over more than one page.
    static func pages() -> [[JSONValue]] {
        var records: [JSONValue] = []
        for id in 1...40 {
            records.append(
                ticket(id, hour: 5, summary: "first \(id)", extra: [("budget", id % 2 == 0 ? 1.5 : .int(2))]))
            if id % 7 == 0 { records.append(["summary": .string("no id \(id)")]) }
            if id % 11 == 0 { records.append(["id": .int(Int64(1000 + id)), "_info": ["lastUpdated": "yesterday"]]) }
        }
        // Newer versions after the older ones (and one far later), older versions after the newer ones.
        records.append(ticket(3, hour: 9, summary: "newer 3 (after)", extra: [("late", "yes")]))
        records.append(ticket(8, hour: 1, summary: "older 8 (after, loses)"))
        records.insert(ticket(12, hour: 9, summary: "newer 12 (before)"), at: 0)
        records.append(ticket(12, hour: 9, summary: "tie 12 (later wins)"))
        records.append(.string("not an object"))
        records.append(ticket(1, hour: 23, summary: "newer 1 (last)"))
        return stride(from: 0, to: records.count, by: 9).map { Array(records[$0..<min($0 + 9, records.count)]) }
    }

    /// Writes the pages as one chunk with `budget` and returns the result, the store and the spill directory's
    /// leftovers.
    static func write(
        budget: Int?, spillDirectory: String, pages: [[JSONValue]] = pages(), spillByteLimit: Int? = nil
    ) async throws -> (ChunkResult, InMemoryObjectStore) {
        let objects = InMemoryObjectStore()
        var settings = try TenantBackfillSettings.defaults.service("connectwise")
        settings.maxRecordsPerChunk = 10
        var writer = TenantChunkWriter(settings: settings, objects: objects, time: ManualTimeSource())
        writer.memoryBudget = budget
        writer.spillDirectory = spillDirectory
        writer.spillByteLimit = spillByteLimit
        let fetch: TenantChunkWriter.PagedFetch = { _, _, page in
            for records in pages { try await page(records) }
            return FetchedChunk(pages: pages.count)
        }
        return (try await writer.write(Self.chunk, fetch: fetch), objects)
    }

    @Test("same counts, same Parquet rows (pyarrow) and bytes, same rejects; the spill file is removed")
    func sameOutput() async throws {
        try await withTemporaryDirectory { directory in
            let (onePass, memory) = try await Self.write(budget: 1_000, spillDirectory: directory)
            let (twoPass, spilled) = try await Self.write(budget: 5, spillDirectory: directory)
            #expect(onePass == twoPass)
            #expect(onePass.fetched == Self.pages().joined().count)
            #expect(onePass.written == 40 && onePass.rejected == 9 && onePass.duplicates == 5)
            let one = try #require(memory.stored[Self.key]?.body)
            let two = try #require(spilled.stored[Self.key]?.body)
            #expect(memory.stored[Self.rejectedKey]?.body == spilled.stored[Self.rejectedKey]?.body)
            #expect(memory.stored[Self.rejectedKey] != nil)
            let rows = try ParquetRows.read([one, two], in: directory)
            let (first, second) = (try #require(rows[0].arrayValue), try #require(rows[1].arrayValue))
            #expect(first.count == 40)
            for (left, right) in zip(first, second) { #expect(left == right) }
            let order = [12] + (1...40).filter { $0 != 12 }
            #expect(first.map { $0["id"] } == order.map { .int(Int64($0)) }, "ids in the order first seen")
            #expect(first[0]["id"] == 12 && first[0]["summary"] == "tie 12 (later wins)")
            #expect(first.first { $0["id"] == 1 }?["summary"] == "newer 1 (last)")
            #expect(first.first { $0["id"] == 3 }?["summary"] == "newer 3 (after)")
            #expect(first.first { $0["id"] == 8 }?["summary"] == "first 8")
            #expect(first.first { $0["id"] == 2 }?["budget"] == 1.5, "an integer and a double widen to double")
            let sameBytes = one == two
            #expect(sameBytes, "the same file, byte for byte (\(one.count) and \(two.count) bytes)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0 != "rows" }.isEmpty)
        }
    }

    @Test("a winner far behind the read window (over 1 MiB later) is read on its own; the output is the same")
    func farWinner() async throws {
        try await withTemporaryDirectory { directory in
            let payload = String(repeating: "x", count: 20_000)
            var records = (1...120).map { Self.ticket($0, hour: 4, summary: payload + "\($0)") }
            records.append(Self.ticket(2, hour: 8, summary: "late winner"))
            records.append(contentsOf: (121...130).map { Self.ticket($0, hour: 4, summary: "small \($0)") })
            let pages = [Array(records.prefix(60)), Array(records.dropFirst(60))]
            let (onePass, memory) = try await Self.write(budget: 1_000, spillDirectory: directory, pages: pages)
            let (twoPass, spilled) = try await Self.write(budget: 3, spillDirectory: directory, pages: pages)
            #expect(onePass == twoPass && twoPass.written == 130 && twoPass.duplicates == 1)
            let sameBytes = memory.stored[Self.key]?.body == spilled.stored[Self.key]?.body
            #expect(sameBytes, "the same file, byte for byte")
        }
    }

    @Test("a full disk fails the chunk with a clear error and leaves no spill file")
    func diskFull() async throws {
        try await withTemporaryDirectory { directory in
            do {
                _ = try await Self.write(budget: 5, spillDirectory: directory, spillByteLimit: 2_000)
                Issue.record("the chunk should fail when its spill file cannot grow")
            } catch let error as TenantBackfillError {
                #expect(error.code == .writeFailed)
                #expect(error.message.contains("spill file") && error.message.contains("ephemeral storage"))
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
        }
    }

    @Test("spill files a crashed process left behind are removed by the next spill")
    func staleSpills() async throws {
        try await withTemporaryDirectory { directory in
            let stale = directory + "/tenant-spill-1-dead-1.bin"
            let other = directory + "/unrelated.bin"
            #expect(FileManager.default.createFile(atPath: stale, contents: Data([1, 2, 3])))
            #expect(FileManager.default.createFile(atPath: other, contents: Data([1])))
            _ = try await Self.write(budget: 1_000, spillDirectory: directory)
            #expect(FileManager.default.fileExists(atPath: stale), "a one-pass chunk does not touch the directory")
            _ = try await Self.write(budget: 5, spillDirectory: directory)
            #expect(!FileManager.default.fileExists(atPath: stale))
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["unrelated.bin"])
        }
    }
}
