import Analytics
import BackfillCore
import Formats
import JSON
import Timekeeping

#if canImport(Glibc)
    import Glibc
#endif

/// `backfill-bench analytics EXPORT_DIR [--out FILE]`: aggregates an export folder written by
/// `gen_export.py` (its `data/*.json.gz`) on one core, as `analytics-aggregate` streams a file: read 1 MiB of
/// gzip at a time, inflate, scan lines, aggregate. Prints MB/s of uncompressed JSON and peak RSS; `--out`
/// writes the metrics in `agg_python.py --out`'s format so the two can be compared. `--profile` splits the
/// time: inflating alone, then splitting and aggregating bytes already inflated in memory.
enum AnalyticsBenchmark {
    static func run(_ arguments: [String]) async throws {
        guard let directory = arguments.first else {
            print("usage: backfill-bench analytics EXPORT_DIR [--out FILE] [--chunk-kib N] [--profile] [--zlib]")
            exit(2)
        }
        let output = arguments.firstIndex(of: "--out").flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
        let files = try dataFiles(in: directory + "/data")
        // `--zlib` reads with zlib's inflate instead of the Swift decoder.
        let engine: ExportDataFileReader.Engine = arguments.contains("--zlib") ? .zlib : .swift
        if arguments.contains("--profile") { return try profile(directory, files, engine) }
        let chunkKiB = arguments.firstIndex(of: "--chunk-kib").flatMap {
            $0 + 1 < arguments.count ? Int(arguments[$0 + 1]) : nil
        }
        let reader = try ExportDataFileReader(chunkSize: (chunkKiB ?? 1024) * 1024, engine: engine)
        var aggregator = DailyAggregator()
        var scanner = ExportLineScanner()
        // `--stage inflate|scan` stops after that stage, to see where the time goes.
        let stage = arguments.firstIndex(of: "--stage").flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
        let consume: (UnsafeRawBufferPointer) -> Void =
            switch stage {
            case "inflate": { _ in }
            case "scan": { scanner.scan($0) }
            default: { aggregator.add(line: $0) }
            }
        var compressed = 0
        var uncompressed = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        let clock = ContinuousClock()
        let cpuStart = cpuSeconds()
        let start = clock.now
        for name in files {
            guard let handle = fopen(directory + "/data/" + name, "rb") else {
                throw BenchFailure("cannot open \(name)")
            }
            defer { fclose(handle) }
            reader.reset()
            aggregator.startFile(name)
            while true {
                let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, handle) }
                if count == 0 { break }
                compressed += count
                try chunk.withUnsafeBytes { buffer in
                    try reader.feed(UnsafeRawBufferPointer(rebasing: buffer[0..<count]), line: consume)
                }
            }
            try reader.finish(line: consume)
            uncompressed += reader.decompressedCount
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let cpu = cpuSeconds() - cpuStart
        var streamingUsage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &streamingUsage)
        let aggregate = aggregator.aggregate
        let raw = Double(uncompressed)
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let metrics = aggregate.dailyMetrics()
        print("files: \(files.count)")
        print("lines: \(aggregate.counts.lines)")
        print("day_app_rows: \(metrics.count)")
        print("malformed: \(aggregate.counts.malformed)")
        print("seconds: \(format(seconds)) s")
        print("uncompressed_mb: \(format(raw / 1e6)) MB")
        print("cpu_seconds: \(format(cpu)) s")
        print("mb_per_second: \(format(raw / 1e6 / seconds)) MB/s uncompressed (wall clock)")
        print("mb_per_cpu_second: \(format(raw / 1e6 / cpu)) MB/s uncompressed (CPU time, one thread)")
        print("gz_mb_per_second: \(format(Double(compressed) / 1e6 / seconds)) MB/s gzip")
        print("peak_rss_streaming: \(format(Double(streamingUsage.ru_maxrss) / 1024)) MiB (before building the result)")
        print("peak_rss: \(format(Double(usage.ru_maxrss) / 1024)) MiB (with the PartialAggregate and its metrics)")
        if let output {
            var object = JSONObject()
            for row in metrics {
                object["\(row.date.iso8601)|\(row.app)"] = [
                    "ActiveUsers": .int(Int64(row.activeUsers)), "GamesPlayed": .int(row.gamesPlayed),
                    "PartiesCreated": .int(row.partiesCreated), "PartiesJoined": .int(row.partiesJoined),
                ]
            }
            let text = JSONValue.object(object).serialized(sortedKeys: true)
            guard let handle = fopen(output, "wb") else { throw BenchFailure("cannot write \(output)") }
            fputs(text, handle)
            fclose(handle)
        }
    }

    /// Per file: the gzip read whole, inflated into nothing (timed), inflated into memory (untimed), then
    /// split into lines and aggregated from memory (timed).
    private static func profile(_ directory: String, _ files: [String], _ engine: ExportDataFileReader.Engine) throws {
        var inflateSeconds = 0.0
        var aggregateSeconds = 0.0
        var uncompressed = 0
        var aggregator = DailyAggregator()
        let clock = ContinuousClock()
        for name in files {
            let compressed = try readWhole(directory + "/data/" + name)
            let reader = try ExportDataFileReader(engine: engine)
            let inflateTime = try clock.measure {
                try reader.feed(compressed) { _ in }
                try reader.finish { _ in }
            }
            inflateSeconds += seconds(inflateTime)
            uncompressed += reader.decompressedCount
            let inflated = try Gzip.decompress(compressed)
            aggregator.startFile(name)
            let aggregateTime = clock.measure {
                inflated.withUnsafeBytes { buffer in
                    guard let base = buffer.baseAddress else { return }
                    var start = 0
                    while start < buffer.count {
                        let end = memchr(base + start, 0x0A, buffer.count - start).map { UnsafeRawPointer($0) - base }
                        aggregator.add(
                            line: UnsafeRawBufferPointer(start: base + start, count: (end ?? buffer.count) - start))
                        start = (end ?? buffer.count) + 1
                    }
                }
            }
            aggregateSeconds += seconds(aggregateTime)
        }
        let megabytes = Double(uncompressed) / 1e6
        print("files: \(files.count)")
        print("lines: \(aggregator.aggregate.counts.lines)")
        print("uncompressed_mb: \(format(megabytes)) MB")
        print(
            "inflate_seconds: \(format3(inflateSeconds)) s (\(format(megabytes / inflateSeconds)) MB/s, line split included)"
        )
        print(
            "aggregate_seconds: \(format3(aggregateSeconds)) s (\(format(megabytes / aggregateSeconds)) MB/s, split + scan + aggregate from memory)"
        )
        print(
            "total_seconds: \(format3(inflateSeconds + aggregateSeconds)) s (\(format(megabytes / (inflateSeconds + aggregateSeconds))) MB/s)"
        )
    }

    private static func readWhole(_ path: String) throws -> [UInt8] {
        guard let handle = fopen(path, "rb") else { throw BenchFailure("cannot open \(path)") }
        defer { fclose(handle) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, handle) }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private static func format3(_ value: Double) -> String { String((value * 1000).rounded() / 1000) }

    private static func dataFiles(in directory: String) throws -> [String] {
        guard let all = DirectoryListing.names(in: directory) else { throw BenchFailure("cannot list \(directory)") }
        let names = all.filter { $0.hasSuffix(".json.gz") }
        return names.sorted()
    }

    /// User and system CPU time of this process so far (one thread does the work).
    private static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    private static func format(_ value: Double) -> String { String((value * 100).rounded() / 100) }
}

/// A benchmark that cannot run (missing input).
struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
