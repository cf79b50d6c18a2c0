#if canImport(Glibc)
    import Glibc
#endif

// Micro-benchmarks behind `make bench`. Each benchmark registers one entry here; the Makefile runs them
// beside their Python references and prints ratios.

/// A named benchmark: takes its command-line arguments, prints its figures as `name: value unit` lines.
struct BenchmarkEntry {
    let name: String
    let run: ([String]) async throws -> Void
}

let benchmarks: [BenchmarkEntry] = [
    // Entries are added here, one line each.
    BenchmarkEntry(name: "runtime", run: RuntimeBenchmark.run),
    BenchmarkEntry(name: "parquet", run: ParquetBenchmark.run),
    BenchmarkEntry(name: "sign", run: SignBenchmark.run),
    BenchmarkEntry(name: "connections", run: ConnectionBenchmark.run),
    BenchmarkEntry(name: "cost-rate", run: CostRateBenchmark.run),
    BenchmarkEntry(name: "macro", run: MacroGapFillBenchmark.run),
    BenchmarkEntry(name: "tenant-pages", run: TenantBenchmark.pages),
    BenchmarkEntry(name: "tenant-rate", run: TenantBenchmark.rate),
    BenchmarkEntry(name: "analytics", run: AnalyticsBenchmark.run),
    BenchmarkEntry(name: "tenant-shared-rate", run: TenantSharedRateBenchmark.run),
    BenchmarkEntry(name: "tenant-e2e", run: TenantEndToEndBenchmark.run),
    BenchmarkEntry(name: "tracker-writes", run: TrackerWritesBenchmark.run),
]

let arguments = Array(CommandLine.arguments.dropFirst())
guard let name = arguments.first, let entry = benchmarks.first(where: { $0.name == name }) else {
    print("usage: backfill-bench NAME [ARGS…]; names: \(benchmarks.map(\.name).joined(separator: ", "))")
    exit(2)
}
try await entry.run(Array(arguments.dropFirst()))
