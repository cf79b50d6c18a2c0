import BackfillCore
import HTTP
import Logging
import Timekeeping

/// The work of one partition: streams each data file of the group (S3 GET → inflate → line scanner →
/// aggregator), then saves the group's partial aggregate to `{prefix}/aggregates/{exportId}/{key}.agg` before
/// the partition is marked done, so a killed run resumes from the groups not yet saved and the merge is exact.
struct ExportGroupAggregator: Sendable {
    let objects: any ObjectStore
    let aggregatesPrefix: String
    let progress: AggregationProgress

    /// The key of a partition's partial aggregate.
    static func partialKey(prefix: String, partition: String) -> String { prefix + partition + ".agg" }

    func run(_ group: ExportPartitions.Group, context: PartitionContext) async throws -> PartitionOutcome {
        PartitionOutcome(records: try await run(group, logger: context.logger, checkIn: context.checkIn))
    }

    /// Aggregates `group` and saves its partial, calling `checkIn` before each file (to keep a lease); returns
    /// the items counted.
    func run(
        _ group: ExportPartitions.Group, logger: Logger, checkIn: @Sendable () async throws -> Void
    ) async throws -> Int64 {
        var aggregator = DailyAggregator()
        for file in group.files {
            try await checkIn()
            try await aggregate(file, into: &aggregator)
        }
        let partial = aggregator.takeAggregate()
        let bytes = try partial.encoded()
        try await objects.put(
            Self.partialKey(prefix: aggregatesPrefix, partition: group.key), body: bytes,
            contentType: "application/octet-stream")
        logger.debug(
            "partial aggregate saved",
            metadata: ["partition": "\(group.key)", "files": "\(group.files.count)", "bytes": "\(bytes.count)"])
        return Int64(partial.counts.items)
    }

    /// Streams one data file into `aggregator`.
    func aggregate(_ key: String, into aggregator: inout DailyAggregator) async throws {
        aggregator.startFile(key)
        let reader = try ExportDataFileReader()
        let body = try await objects.get(key)
        var lines = 0
        for try await chunk in body.chunks {
            lines = 0
            try reader.feed(chunk) { line in
                lines += 1
                aggregator.add(line: line)
            }
            await progress.add(lines: lines, compressedBytes: chunk.count)
        }
        lines = 0
        try reader.finish { line in
            lines += 1
            aggregator.add(line: line)
        }
        await progress.add(lines: lines, compressedBytes: 0)
        await progress.fileDone()
    }
}

/// The progress log lines of the existing tool ("Processed N items so far..." every 1,000,000 lines or
/// 10 seconds), shared by the partitions running at once, and the totals for a progress renderer.
actor AggregationProgress {
    let logger: Logger
    let time: any TimeSource
    let every: Int
    let interval: Duration
    private(set) var lines = 0
    private(set) var compressedBytes = 0
    private(set) var files = 0
    private var loggedLines = 0
    private var loggedAt: Timestamp

    init(logger: Logger, time: any TimeSource, every: Int = 1_000_000, interval: Duration = .seconds(10)) {
        self.logger = logger
        self.time = time
        self.every = every
        self.interval = interval
        loggedAt = time.now
    }

    func add(lines added: Int, compressedBytes bytes: Int) {
        lines += added
        compressedBytes += bytes
        let now = time.now
        if lines - loggedLines >= every || (now - loggedAt >= interval && lines > loggedLines) {
            logger.info("Processed \(lines) items so far...")
            loggedLines = lines
            loggedAt = now
        }
    }

    func fileDone() { files += 1 }
}
