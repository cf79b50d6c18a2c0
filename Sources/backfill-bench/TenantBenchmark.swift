import BackfillCore
import BackfillTesting
import ConnectWiseConnector
import ConnectWiseFake
import Formats
import HTTP
import JSON
import SourceConnector
import TenantBackfill
import Timekeeping

#if canImport(Glibc)
    import Glibc
#endif

/// `backfill-bench tenant-pages DIR [--memory-budget N] [--spill-dir D] [--profile]`: the pages
/// `../shared/bench/tenant_pandas.py --write-pages DIR N` wrote, through the chunk pipeline (parse each page,
/// `ChunkCollector`: drop id-less, keep the newest per id, spilling to `D` (default `/tmp`) past N records, the
/// handler's default `max_records_per_chunk` unless given; pinned schema; metadata columns; gzip Parquet) into
/// one file: the path a chunk of that size takes in the handler (N at least the record count: the one-pass path).
/// Prints records/s, peak RSS and the time of each phase (read, parse, clean, write); `--profile` (one-pass only)
/// then times hashing and an uncompressed write alone.
///
/// `backfill-bench tenant-rate [--latency-ms 300] [--rpm 200] [--requests 40]`: one-page chunks fetched through
/// `PacedPagedSource` (four at once, sharing one limit) from the ConnectWise fake answering in `latency` and
/// enforcing `rpm`. Prints the achieved requests/minute against the limit and the throttles.
enum TenantBenchmark {
    static func pages(_ arguments: [String]) async throws {
        guard let directory = arguments.first else {
            print("usage: backfill-bench tenant-pages DIR")
            return
        }
        let started = MonotonicClock.nanoseconds()
        let names = (DirectoryListing.names(in: directory) ?? []).filter {
            $0.hasPrefix("page-") && $0.hasSuffix(".json")
        }
        let budget = try option("--memory-budget", arguments).map { Int($0) ?? -1 } ?? defaultBudget()
        guard budget >= 0 else {
            print("usage: backfill-bench tenant-pages DIR [--memory-budget N] [--spill-dir D] [--profile]")
            return
        }
        let records = ChunkCollector(
            idField: "id", updatedField: "_info/lastUpdated", budget: budget,
            spillDirectory: try option("--spill-dir", arguments) ?? "/tmp")
        defer { records.remove() }
        var split = PhaseTimer()
        for name in names.sorted() {
            let bytes = try split.measure("read") { try readFile(directory + "/" + name) }
            guard case .array(let list) = try split.measure("parse", { try JSONParser.parse(bytes) }) else { continue }
            try split.measure("clean") { try records.add(contentsOf: list) }
        }
        let pinStarted = MonotonicClock.nanoseconds()
        let columns = try await records.pinSchema() ?? RowSchema([.init("id", .int64)])
        split.add("pin", MonotonicClock.nanoseconds() - pinStarted)
        let chunk = ChunkParquetWriter.Chunk(
            tenantID: "tenant1", service: "connectwise", table: "service/tickets",
            jobID: "backfill_tenant1_connectwise_20250101", start: CivilDate(year: 2025, month: 1, day: 1),
            end: CivilDate(year: 2025, month: 1, day: 31), extractedAt: Timestamp(secondsSince1970: 1_767_225_600))
        // Per process: other runs of this benchmark may write beside it.
        let output = "/tmp/tenant_swift_bench_\(getpid()).parquet"
        defer { unlink(output) }
        let writer = try ChunkParquetWriter(dataColumns: columns, chunk: chunk, sink: try FileByteSink(path: output))
        let writeStarted = MonotonicClock.nanoseconds()
        try await records.write(into: writer)
        let summary = try await writer.finish()
        split.add("write", MonotonicClock.nanoseconds() - writeStarted)
        let seconds = Double(MonotonicClock.nanoseconds() - started) / 1e9
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        print("tenant_pages_records_in: \(records.receivedCount)")
        print(
            "tenant_pages_rows_out: \(summary.rowCount) (rejected \(records.rejected.count), duplicates \(records.duplicateCount))"
        )
        print(
            "tenant_pages_path: \(records.isSpilled ? "two-pass" : "one-pass") (memory budget \(budget) records, "
                + "spilled \(records.spilledBytes) bytes)")
        print("tenant_pages_seconds: \(CostRateBenchmark.format2(seconds)) s")
        print("tenant_pages_records_per_second: \(Int(Double(records.receivedCount) / seconds)) records/s")
        print("tenant_pages_peak_rss: \(CostRateBenchmark.format2(Double(usage.ru_maxrss) / 1024)) MiB")
        for (phase, nanoseconds) in split.phases {
            print("tenant_pages_phase_\(phase): \(CostRateBenchmark.format2(Double(nanoseconds) / 1e9)) s")
        }
        if arguments.contains("--profile"), !records.isSpilled {
            try await profile(records.records, columns: columns, chunk: chunk)
        }
    }

    /// The handler's memory budget: the default `max_records_per_chunk`.
    static func defaultBudget() throws -> Int {
        try TenantBackfillSettings.defaults.service("connectwise").maxRecordsPerChunk
    }

    /// The value after `name` in `arguments`, if given.
    static func option(_ name: String, _ arguments: [String]) throws -> String? {
        guard let index = arguments.firstIndex(of: name) else { return nil }
        guard index + 1 < arguments.count else { throw BenchmarkUsageError(option: name) }
        return arguments[index + 1]
    }

    /// `--profile`: after the timed run, the parts of `clean` and `write` measured alone: record hashing, and the
    /// Parquet file without compression (the difference to `write` is gzip).
    static func profile(
        _ records: [ChunkRecords.Record], columns: RowSchema, chunk: ChunkParquetWriter.Chunk
    ) async throws {
        var split = PhaseTimer()
        var check = 0
        split.measure("hash_alone") {
            for record in records { check &+= RecordHash.hex(.object(record.object)).utf8.count }
        }
        var options = ChunkParquetWriter.defaultOptions(chunk: chunk)
        options.compression = .uncompressed
        let plain = try ChunkParquetWriter(
            dataColumns: columns, chunk: chunk, sink: try FileByteSink(path: "/tmp/tenant_swift_bench_plain.parquet"),
            options: options)
        let started = MonotonicClock.nanoseconds()
        try await plain.write(records: records)
        _ = try await plain.finish()
        split.add("write_uncompressed", MonotonicClock.nanoseconds() - started)
        for level in [1, 6] {
            options.compression = .gzip(level: level)
            let gzip = try ChunkParquetWriter(
                dataColumns: columns, chunk: chunk,
                sink: try FileByteSink(path: "/tmp/tenant_swift_bench_gzip.parquet"),
                options: options)
            let levelStarted = MonotonicClock.nanoseconds()
            try await gzip.write(records: records)
            let summary = try await gzip.finish()
            split.add("write_gzip\(level)", MonotonicClock.nanoseconds() - levelStarted)
            print("tenant_pages_profile_gzip\(level)_bytes: \(summary.byteCount)")
        }
        for (phase, nanoseconds) in split.phases {
            print("tenant_pages_profile_\(phase): \(CostRateBenchmark.format2(Double(nanoseconds) / 1e9)) s")
        }
        if check == 0 { print("(no records)") }
    }

    static func rate(_ arguments: [String]) async throws {
        try await TenantSharedRateBenchmark.measure(
            arguments, defaultRequests: 40, prefix: "tenant_rate", mode: "one process (4 workers, one caller)"
        ) { client, limit, time, _ in
            [
                PacedPagedSource(
                    source: ConnectWisePagedSource(client: client), requestsPerMinute: limit.rate, time: time)
            ]
        }
    }

    static func readFile(_ path: String) throws -> [UInt8] {
        guard let file = fopen(path, "rb") else { throw BenchmarkFileError(path: path) }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return bytes
    }
}

/// An option was given without its value.
struct BenchmarkUsageError: Error {
    var option: String
}

/// A page file could not be opened.
struct BenchmarkFileError: Error {
    var path: String
}

/// Sums the time spent in named phases, in the order they were first seen.
struct PhaseTimer {
    private(set) var phases: [(String, UInt64)] = []

    mutating func add(_ phase: String, _ nanoseconds: UInt64) {
        if let index = phases.firstIndex(where: { $0.0 == phase }) {
            phases[index].1 += nanoseconds
        } else {
            phases.append((phase, nanoseconds))
        }
    }

    mutating func measure<Result>(_ phase: String, _ body: () throws -> Result) rethrows -> Result {
        let started = MonotonicClock.nanoseconds()
        defer { add(phase, MonotonicClock.nanoseconds() - started) }
        return try body()
    }
}
