public import Formats
public import JSON

/// Collects a chunk's records page by page and picks the writer: while the chunk keeps at most `budget` records
/// (distinct ids) they stay in memory (`ChunkRecords`, the one-pass path); the record that takes it past the
/// budget moves everything to a spill file (`SpilledChunkRecords`), and the file is written in two passes:
/// memory then holds the id map (about 100 bytes an id) and one row group, not the records. Both paths write the
/// same rows in the same order and count the same (fetched, rejected, duplicates). Call `remove()` when done
/// (on failure too): it deletes the spill file.
public final class ChunkCollector {
    /// The most records kept in memory.
    public let budget: Int
    /// Where the spill file goes (`/tmp` in Lambda).
    public let spillDirectory: String
    /// A cap on the spill file's size (nil: the disk's), to test a full disk.
    public let spillByteLimit: Int?
    private var memory: ChunkRecords
    private var spilled: SpilledChunkRecords?

    public init(
        idField: String, updatedField: String, budget: Int, spillDirectory: String = "/tmp",
        spillByteLimit: Int? = nil
    ) {
        self.budget = max(0, budget)
        self.spillDirectory = spillDirectory
        self.spillByteLimit = spillByteLimit
        memory = ChunkRecords(idField: idField, updatedField: updatedField)
    }

    deinit { spilled?.file.remove() }

    /// Offers one page of records as the source sent them.
    public func add(contentsOf page: [JSONValue]) throws(TenantBackfillError) {
        var index = page.startIndex
        while spilled == nil, index < page.endIndex {
            memory.add(page[index])
            index += 1
            if memory.records.count > budget {
                spilled = try SpilledChunkRecords(memory, directory: spillDirectory, byteLimit: spillByteLimit)
                memory = ChunkRecords(idField: memory.idField, updatedField: memory.updatedField)
            }
        }
        guard let spilled else { return }
        while index < page.endIndex {
            try spilled.add(page[index])
            index += 1
        }
    }

    /// Whether the records went to a spill file (the two-pass path).
    public var isSpilled: Bool { spilled != nil }
    /// Records offered.
    public var receivedCount: Int { spilled?.receivedCount ?? memory.receivedCount }
    /// Records replaced by (or lost to) another version with the same id.
    public var duplicateCount: Int { spilled?.duplicateCount ?? memory.duplicateCount }
    /// Records set aside, with the reason.
    public var rejected: [ChunkRecords.Rejected] { spilled?.rejected ?? memory.rejected }
    /// Distinct ids kept: the rows to write.
    public var keptCount: Int { spilled?.keptCount ?? memory.records.count }
    /// The bytes in the spill file (0 on the one-pass path).
    public var spilledBytes: Int { spilled?.file.size ?? 0 }
    /// The kept records while they are in memory (empty once spilled).
    public var records: [ChunkRecords.Record] { memory.records }

    /// The data columns pinned from the kept records (`TenantTableSchema.pin`): from memory, or by reading the
    /// winners' member names and value types back from the spill file once.
    nonisolated(nonsending) public func pinSchema() async throws -> RowSchema? {
        guard let spilled else { return try TenantTableSchema.pin(from: memory.records.map(\.object)) }
        return try spilled.pinSchema()
    }

    /// Writes the kept records (the winners) into `writer`, in the order their ids were first seen.
    nonisolated(nonsending) public func write(into writer: ChunkParquetWriter) async throws {
        guard let spilled else {
            try await writer.write(records: memory.records)
            return
        }
        try await spilled.forEachWinner { entry in
            try await writer.write(members: entry.members, id: entry.id, hash: entry.hash)
        }
    }

    /// Deletes the spill file, if any (the counts stay).
    public func remove() { spilled?.file.remove() }
}
