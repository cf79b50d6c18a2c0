public import BackfillCore

/// What one chunk produced: the counts a partition reports and the objects written.
public struct ChunkResult: Sendable, Hashable {
    public var fetched = 0
    public var written = 0
    public var rejected = 0
    public var duplicates = 0
    public var pages = 0
    public var throttles = 0
    /// Times the chunk was cut in two because it held more than `max_records_per_chunk` records.
    public var splits = 0
    /// Raw Parquet keys written (one, or one per half after splitting).
    public var keys: [String] = []
    /// The partition keys of the halves this chunk was split into (nothing written for it then).
    public var splitInto: [String] = []
    /// The chunk was split because its fetch ran out of time (not because of its record count).
    public var timedOut = false

    public init() {}

    /// Adds `other`'s counts.
    public mutating func add(_ other: ChunkResult) {
        fetched += other.fetched
        written += other.written
        rejected += other.rejected
        duplicates += other.duplicates
        pages += other.pages
        throttles += other.throttles
        splits += other.splits
        keys += other.keys
        splitInto += other.splitInto
        timedOut = timedOut || other.timedOut
    }
}

extension ChunkResult {
    /// What the tracker records on the chunk's partition item: records fetched, written, rejected, duplicates,
    /// pages, and the raw Parquet key (keys, space-separated, when written in halves).
    public var partitionDetails: [String: PartitionDetail] {
        var details: [String: PartitionDetail] = [
            "fetched": .number(Int64(fetched)), "written": .number(Int64(written)),
            "rejected": .number(Int64(rejected)), "duplicates": .number(Int64(duplicates)),
            "pages": .number(Int64(pages)),
        ]
        if !keys.isEmpty { details["key"] = .text(keys.joined(separator: " ")) }
        if timedOut { details["timed_out"] = .number(1) }
        return details
    }
}
