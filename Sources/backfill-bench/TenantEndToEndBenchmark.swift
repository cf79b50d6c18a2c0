import BackfillCore
import BackfillTesting
import ConnectWiseConnector
import ConnectWiseFake
import HTTP
import JSON
import SourceConnector
import Synchronization
import TenantBackfill
import Timekeeping

#if canImport(Glibc)
    import Glibc
#endif

/// `backfill-bench tenant-e2e [--records 200000] [--chunk-days 30] [--page-size 1000]`: one chunk end to end
/// from the ConnectWise fake answering at once with no rate limit (loopback HTTP, Basic auth, `conditions`,
/// pages of `page-size`), through `PacedPagedSource` (a limit far above what is reached) and `TenantChunkWriter`
/// (dedupe, rejects, pinned schema, metadata columns, gzip Parquet) into an in-memory bucket. Prints records/s
/// end to end, the time spent fetching (requests and JSON parsing) against cleaning and writing, and peak RSS.
enum TenantEndToEndBenchmark {
    static func run(_ arguments: [String]) async throws {
        var records = 200_000
        var chunkDays = 30
        var pageSize = 1000
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            let value = Int(iterator.next() ?? "")
            switch argument {
            case "--records": records = value ?? records
            case "--chunk-days": chunkDays = value ?? chunkDays
            case "--page-size": pageSize = value ?? pageSize
            default: break
            }
        }
        let origin = CivilDate(year: 2023, month: 1, day: 1)
        var options = ConnectWiseFake.Options()
        options.data = ConnectWiseFakeData(
            origin: origin.startTimestamp, span: .seconds(Int64(chunkDays) * 86_400), count: records)
        let fake = try ConnectWiseFake(options: options)
        defer { fake.stop() }
        let http = CurlHTTPClient()
        defer { http.shutdown() }
        let credentials = try ConnectWiseFake.benchCredentials(endpoint: fake.endpoint)
        let time = SystemTimeSource()
        let source = PacedPagedSource(
            source: ConnectWisePagedSource(
                client: ConnectWiseClient(credentials: credentials, transport: http), pageSize: pageSize),
            requestsPerMinute: 60_000_000, time: time)
        var settings = try TenantBackfillSettings.defaults.service("connectwise")
        settings.maxRecordsPerChunk = records + 1
        let writer = TenantChunkWriter(settings: settings, objects: InMemoryObjectStore(), time: time)
        let chunk = TenantChunk(
            tenantID: "tenant1", service: "connectwise", table: "service/tickets",
            jobID: "backfill_tenant1_connectwise_20230101", start: origin, end: origin.adding(days: chunkDays))
        let fetchNanoseconds = Mutex<UInt64>(0)
        let started = MonotonicClock.nanoseconds()
        let result = try await writer.write(chunk) { chunk, limits in
            let fetchStarted = MonotonicClock.nanoseconds()
            defer { fetchNanoseconds.withLock { $0 = MonotonicClock.nanoseconds() - fetchStarted } }
            return try await source.fetchAll(
                table: chunk.table, window: SourceWindow(startDate: chunk.start, endDate: chunk.end),
                stopAt: limits.stopAt, maxRecords: limits.maxRecords)
        }
        let seconds = Double(MonotonicClock.nanoseconds() - started) / 1e9
        let fetchSeconds = Double(fetchNanoseconds.withLock { $0 }) / 1e9
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        print("tenant_e2e_records_fetched: \(result.fetched) in \(result.pages) pages of \(pageSize)")
        print(
            "tenant_e2e_rows_written: \(result.written) (rejected \(result.rejected), duplicates \(result.duplicates))")
        print("tenant_e2e_seconds: \(CostRateBenchmark.format2(seconds)) s")
        print("tenant_e2e_fetch_seconds: \(CostRateBenchmark.format2(fetchSeconds)) s (requests, fake, JSON parsing)")
        print("tenant_e2e_write_seconds: \(CostRateBenchmark.format2(seconds - fetchSeconds)) s (clean, Parquet)")
        print("tenant_e2e_records_per_second: \(Int(Double(result.fetched) / seconds)) records/s")
        print("tenant_e2e_peak_rss: \(CostRateBenchmark.format2(Double(usage.ru_maxrss) / 1024)) MiB")
    }
}
