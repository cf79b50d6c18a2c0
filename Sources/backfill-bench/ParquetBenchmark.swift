import Formats

#if canImport(Glibc)
    import Glibc
#endif

/// `backfill-bench parquet ROWS [--out FILE] [--row-group-mb N] [--level N]`: writes ROWS rows of a
/// 10-column mixed schema with GZIP and prints throughput, output size and peak RSS. The row formula is the
/// one `scripts/bench_parquet_pyarrow.py` uses, so the figures compare directly.
enum ParquetBenchmark {
    static let statuses = ["open", "closed", "pending", "resolved"]

    static func run(_ arguments: [String]) async throws {
        guard let first = arguments.first, let rows = Int(first), rows >= 0 else {
            print("usage: backfill-bench parquet ROWS [--out FILE] [--row-group-mb N] [--level N]")
            exit(2)
        }
        var output = "/tmp/backfill-bench-\(getpid()).parquet"
        var keepOutput = false
        var options = ParquetWriterOptions(compression: .gzip(level: 6))
        var index = 1
        while index + 1 < arguments.count {
            switch arguments[index] {
            case "--out":
                output = arguments[index + 1]
                keepOutput = true
            case "--row-group-mb": options.rowGroupSize = (Int(arguments[index + 1]) ?? 32) << 20
            case "--level": options.compression = .gzip(level: Int(arguments[index + 1]) ?? 6)
            default: break
            }
            index += 2
        }
        let schema = try RowSchema([
            .init("id", .int64, nullable: false),
            .init("tenant", .string, nullable: false),
            .init("status", .string, nullable: false),
            .init("amount", .double, nullable: false),
            .init("quantity", .int32, nullable: false),
            .init("active", .boolean, nullable: false),
            .init("day", .date, nullable: false),
            .init("created_at", .timestampMillis, nullable: false),
            .init("description", .string, nullable: false),
            .init("note", .string),
        ])
        let clock = ContinuousClock()
        let start = clock.now
        let writer = try ParquetWriter(schema: schema, sink: try FileByteSink(path: output), options: options)
        for row in 0..<rows { try await writer.write(Self.row(row)) }
        let summary = try await writer.finish()
        let seconds = (clock.now - start).seconds
        if !keepOutput { unlink(output) }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let megabytes = Double(summary.byteCount) / 1_000_000
        print("rows: \(rows)")
        print("row_groups: \(summary.rowGroupCount)")
        print("seconds: \(format(seconds)) s")
        let cpu =
            Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        print("cpu_seconds: \(format(cpu)) s")
        print("rows_per_second: \(format(Double(rows) / seconds)) rows/s")
        print("mb_per_second: \(format(megabytes / seconds)) MB/s")
        print("output_bytes: \(summary.byteCount) bytes")
        print("peak_rss: \(format(Double(usage.ru_maxrss) / 1024)) MiB")
    }

    /// Row `i` of the benchmark table (the same formula as the pyarrow script).
    static func row(_ i: Int) -> [RowValue] {
        [
            .int(Int64(i)),
            .string("tenant-\(i % 50)"),
            .string(statuses[(i / 3) % 4]),
            .double(Double((i * 7919) % 100_003) / 100),
            .int(Int64((i * 31) % 1000)),
            .bool(i % 3 != 0),
            .date(daysSince1970: Int32(19_723 + i % 365)),
            .timestamp(millisecondsSince1970: 1_704_067_200_000 + Int64(i) * 1000),
            .string("record \(i) for tenant \(i % 50)"),
            i % 5 == 0 ? .null : .string("note-\(i % 1000)"),
        ]
    }

    private static func format(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return String(rounded)
    }
}

extension Duration {
    fileprivate var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
