import JSON
import Timekeeping

/// Pass 1 of the two-pass chunk writer: every cleaned record goes to a `SpillFile` in arrival order, and memory
/// keeps only, per id, the newest update time and where that version sits in the file (about 100 bytes an id),
/// plus the rejects. The winners are the versions `ChunkRecords` keeps (the newest; the later one on a tie), and
/// `forEachWinner` reads them back in the order their ids were first seen, as `ChunkRecords.records` lists them,
/// so both paths write the same rows in the same order.
final class SpilledChunkRecords {
    /// The file holding every version.
    let file: SpillFile
    private(set) var rejected: [ChunkRecords.Rejected]
    private(set) var duplicateCount: Int
    private(set) var receivedCount: Int
    /// The position of each id in `updated` / `offsets` (the order ids were first seen).
    private var slots: [String: Int32] = [:]
    private var updated: [Int64] = []
    private var offsets: [Int] = []
    private let cleaner: ChunkRecords

    /// Moves `records` (kept records, rejects and counts) into a new spill file in `directory`.
    init(_ records: ChunkRecords, directory: String, byteLimit: Int? = nil) throws(TenantBackfillError) {
        file = try SpillFile(directory: directory, byteLimit: byteLimit)
        rejected = records.rejected
        duplicateCount = records.duplicateCount
        receivedCount = records.receivedCount
        cleaner = ChunkRecords(idField: records.idField, updatedField: records.updatedField)
        do {
            for record in records.records { try keep(record) }
        } catch {
            file.remove()
            throw error
        }
    }

    /// The number of distinct ids (the rows pass 2 writes).
    var keptCount: Int { offsets.count }

    /// Offers one record as the source sent it.
    func add(_ value: JSONValue) throws(TenantBackfillError) {
        receivedCount += 1
        switch cleaner.clean(value) {
        case .rejected(let entry): rejected.append(entry)
        case .kept(let record): try keep(record)
        }
    }

    private func keep(_ record: ChunkRecords.Record) throws(TenantBackfillError) {
        let millis = record.updated.millisecondsSince1970
        if let slot = slots[record.id] {
            duplicateCount += 1
            // Only a version that wins goes to the file: a loser is never read back.
            guard millis >= updated[Int(slot)] else { return }
            offsets[Int(slot)] = try file.append(record)
            updated[Int(slot)] = millis
        } else {
            slots[record.id] = Int32(offsets.count)
            offsets.append(try file.append(record))
            updated.append(millis)
        }
    }

    /// Pass 2: every winner, in the order its id was first seen. Reads are sequential through a 1 MiB window,
    /// except for a winner that arrived after later ids (a newer version sent after its first one), read alone.
    nonisolated(nonsending) func forEachWinner(_ body: (SpillCodec.Entry) async throws -> Void) async throws {
        try file.flush()
        var window = SpillWindow(file: file)
        for offset in offsets {
            try await body(try window.entry(at: offset))
        }
    }
}

/// Reads framed records by offset: a window of the file refilled forward, and a one-off read for an offset
/// outside it (behind it, or far ahead).
struct SpillWindow {
    let file: SpillFile
    private var bytes: [UInt8] = []
    private var start = 0
    private var end = 0
    static let size = 1 << 20

    init(file: SpillFile) { self.file = file }

    mutating func entry(at offset: Int) throws -> SpillCodec.Entry {
        if offset >= start, offset + 4 <= end {
            let length = bytes.withUnsafeBytes {
                SpillCodec.frameLength(UnsafeRawBufferPointer(rebasing: $0[(offset - start)...]))
            }
            if offset + 4 + length <= end {
                return try bytes.withUnsafeBytes { all in
                    let from = offset - start + 4
                    return try SpillCodec.decode(UnsafeRawBufferPointer(rebasing: all[from..<from + length]))
                }
            }
        }
        if offset >= start, offset < end + Self.size {
            // Forward, near: slide the window to start here.
            try refill(at: offset)
            return try entry(inWindowAt: offset)
        }
        return try single(at: offset)
    }

    private mutating func refill(at offset: Int) throws {
        var length = [UInt8](repeating: 0, count: 4)
        let header = try length.withUnsafeMutableBytes { target in
            try file.read(at: offset, into: target)
        }
        guard header == 4 else { throw SpillCodec.Reader.corrupt() }
        let frame = length.withUnsafeBytes { SpillCodec.frameLength($0) } + 4
        bytes = [UInt8](repeating: 0, count: max(Self.size, frame))
        let count = try bytes.withUnsafeMutableBytes { target in
            try file.read(at: offset, into: target)
        }
        start = offset
        end = offset + count
        guard end >= offset + frame else { throw SpillCodec.Reader.corrupt() }
    }

    private func entry(inWindowAt offset: Int) throws -> SpillCodec.Entry {
        try bytes.withUnsafeBytes { all in
            let from = offset - start
            let length = SpillCodec.frameLength(UnsafeRawBufferPointer(rebasing: all[from...]))
            return try SpillCodec.decode(UnsafeRawBufferPointer(rebasing: all[from + 4..<from + 4 + length]))
        }
    }

    /// One record read on its own, leaving the window where it is.
    private func single(at offset: Int) throws -> SpillCodec.Entry {
        var length = [UInt8](repeating: 0, count: 4)
        let header = try length.withUnsafeMutableBytes { target in
            try file.read(at: offset, into: target)
        }
        guard header == 4 else { throw SpillCodec.Reader.corrupt() }
        var frame = [UInt8](repeating: 0, count: length.withUnsafeBytes { SpillCodec.frameLength($0) })
        let count = try frame.withUnsafeMutableBytes { target in
            try file.read(at: offset + 4, into: target)
        }
        guard count == frame.count else { throw SpillCodec.Reader.corrupt() }
        return try frame.withUnsafeBytes { all in try SpillCodec.decode(all) }
    }
}
