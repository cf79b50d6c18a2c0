import Formats
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
            try await body(
                try window.frame(at: offset) { bytes throws(TenantBackfillError) in try SpillCodec.decode(bytes) })
        }
    }

    /// The data columns the winners give (`SchemaAccumulator`): reads each winner's member names and value types
    /// only, in the same order as `forEachWinner`.
    func pinSchema() throws -> RowSchema? {
        try file.flush()
        var window = SpillWindow(file: file)
        var accumulator = SchemaAccumulator()
        for offset in offsets {
            try window.frame(at: offset) { bytes throws(TenantBackfillError) in
                try SpillCodec.scanKinds(bytes, into: &accumulator)
            }
        }
        return try accumulator.schema()
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

    /// `read` of the payload of the record at `offset`.
    mutating func frame<Result>(
        at offset: Int, _ read: (UnsafeRawBufferPointer) throws(TenantBackfillError) -> Result
    ) throws(TenantBackfillError) -> Result {
        if !(offset >= start && offset + 4 <= end && offset + 4 + length(at: offset) <= end) {
            guard offset >= start, offset < end + Self.size else { return try single(at: offset, read) }
            // Forward, near: slide the window to start here.
            try refill(at: offset)
        }
        let from = offset - start + 4
        let to = from + length(at: offset)
        var result: Swift.Result<Result, TenantBackfillError>!
        bytes.withUnsafeBytes { all in
            do throws(TenantBackfillError) {
                result = .success(try read(UnsafeRawBufferPointer(rebasing: all[from..<to])))
            } catch {
                result = .failure(error)
            }
        }
        return try result.get()
    }

    private func length(at offset: Int) -> Int {
        bytes.withUnsafeBytes { SpillCodec.frameLength(UnsafeRawBufferPointer(rebasing: $0[(offset - start)...])) }
    }

    private mutating func refill(at offset: Int) throws(TenantBackfillError) {
        let frame = try frameLength(at: offset) + 4
        bytes = [UInt8](repeating: 0, count: max(Self.size, frame))
        let count = try read(at: offset, into: &bytes)
        start = offset
        end = offset + count
        guard end >= offset + frame else { throw SpillCodec.Reader.corrupt() }
    }

    private func frameLength(at offset: Int) throws(TenantBackfillError) -> Int {
        var header = [UInt8](repeating: 0, count: 4)
        guard try read(at: offset, into: &header) == 4 else { throw SpillCodec.Reader.corrupt() }
        return header.withUnsafeBytes { SpillCodec.frameLength($0) }
    }

    private func read(at offset: Int, into target: inout [UInt8]) throws(TenantBackfillError) -> Int {
        var result: Swift.Result<Int, TenantBackfillError>!
        target.withUnsafeMutableBytes { buffer in
            do throws(TenantBackfillError) {
                result = .success(try file.read(at: offset, into: buffer))
            } catch {
                result = .failure(error)
            }
        }
        return try result.get()
    }

    /// One record read on its own, leaving the window where it is.
    private func single<Result>(
        at offset: Int, _ read: (UnsafeRawBufferPointer) throws(TenantBackfillError) -> Result
    ) throws(TenantBackfillError) -> Result {
        var frame = [UInt8](repeating: 0, count: try frameLength(at: offset))
        guard try self.read(at: offset + 4, into: &frame) == frame.count else { throw SpillCodec.Reader.corrupt() }
        var result: Swift.Result<Result, TenantBackfillError>!
        frame.withUnsafeBytes { all in
            do throws(TenantBackfillError) {
                result = .success(try read(all))
            } catch {
                result = .failure(error)
            }
        }
        return try result.get()
    }
}
