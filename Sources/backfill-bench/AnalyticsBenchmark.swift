import Analytics
import JSON
import Timekeeping

#if canImport(Glibc)
    import Glibc
#endif

/// `backfill-bench analytics EXPORT_DIR [--out FILE]`: aggregates an export folder written by
/// `gen_export.py` (its `data/*.json.gz`) on one core, as `analytics-aggregate` streams a file: read 1 MiB of
/// gzip at a time, inflate, scan lines, aggregate. Prints MB/s of uncompressed JSON and peak RSS; `--out`
/// writes the metrics in `agg_python.py --out`'s format so the two can be compared.
enum AnalyticsBenchmark {
    static func run(_ arguments: [String]) async throws {
        guard let directory = arguments.first else {
            print("usage: backfill-bench analytics EXPORT_DIR [--out FILE]")
            exit(2)
        }
        let output = arguments.firstIndex(of: "--out").flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
        let files = try dataFiles(in: directory + "/data")
        let chunkKiB = arguments.firstIndex(of: "--chunk-kib").flatMap {
            $0 + 1 < arguments.count ? Int(arguments[$0 + 1]) : nil
        }
        let reader = try ExportDataFileReader(chunkSize: (chunkKiB ?? 256) * 1024)
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

    private static func dataFiles(in directory: String) throws -> [String] {
        guard let handle = opendir(directory) else { throw BenchFailure("cannot list \(directory)") }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasSuffix(".json.gz") { names.append(name) }
        }
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
