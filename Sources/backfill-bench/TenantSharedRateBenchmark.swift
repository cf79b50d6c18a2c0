import BackfillCore
import BackfillTesting
import ConnectWiseConnector
import ConnectWiseFake
import HTTP
import JSON
import SourceConnector
import TenantBackfill
import Timekeeping

/// `backfill-bench tenant-shared-rate [--latency-ms 300] [--rpm 200] [--requests 60] [--unshared]`: four chunk
/// workers, each with its own caller as four Lambdas of a Map would have, fetching one-page chunks from the
/// ConnectWise fake (answering in `latency`, enforcing `rpm`). Shared (the default), their callers take slots
/// from one `SharedRateLimiter` store under `tenant1:connectwise`; `--unshared` paces each worker alone. Prints
/// requests/minute achieved, 429s, and limiter store writes per request.
enum TenantSharedRateBenchmark {
    static func run(_ arguments: [String]) async throws {
        let shared = !arguments.contains("--unshared")
        try await measure(
            arguments.filter { $0 != "--unshared" }, defaultRequests: 60, prefix: "tenant_shared_rate",
            mode: "\(shared ? "shared" : "unshared") (4 workers, one caller each)"
        ) { client, limit, time, store in
            (0..<4).map { _ in
                PacedPagedSource(
                    source: ConnectWisePagedSource(client: client),
                    caller: RateLimitedCaller(
                        name: "tenant1:connectwise", limit: limit, time: time, policy: CallPolicy(maxAttempts: 7),
                        shared: shared ? SharedRateLimiter(store: store, limit: limit, time: time) : nil))
            }
        }
    }

    /// Runs 4 workers fetching one-page chunks through `sources` (one per worker, or one shared) against the
    /// ConnectWise fake and prints `{prefix}_…` figures: requests, requests/minute achieved, 429s, and the shared
    /// store's writes per request.
    static func measure(
        _ arguments: [String],
        defaultRequests: Int,
        prefix: String,
        mode: String,
        sources: (ConnectWiseClient, RateLimit, SystemTimeSource, InMemorySharedLimitStore) -> [PacedPagedSource]
    ) async throws {
        var latency = 300
        var rpm = 200
        var requests = defaultRequests
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            let value = Int(iterator.next() ?? "")
            switch argument {
            case "--latency-ms": latency = value ?? latency
            case "--rpm": rpm = value ?? rpm
            case "--requests": requests = value ?? requests
            default: break
            }
        }
        var options = ConnectWiseFake.Options()
        options.latency = .milliseconds(latency)
        options.requestsPerMinute = rpm
        let fake = try ConnectWiseFake(options: options)
        defer { fake.stop() }
        let http = CurlHTTPClient()
        defer { http.shutdown() }
        let credentials = try ConnectWiseFake.benchCredentials(endpoint: fake.endpoint)
        let store = InMemorySharedLimitStore()
        let workers = sources(
            ConnectWiseClient(credentials: credentials, transport: http), .perMinute(rpm), SystemTimeSource(), store)
        let origin = CivilDate(year: 2023, month: 1, day: 1)
        let total = requests
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<4 {
                let source = workers[worker % workers.count]
                group.addTask {
                    for index in stride(from: worker, to: total, by: 4) {
                        let day = origin.adding(days: index)
                        _ = try await source.fetchAll(
                            table: "service/tickets", window: SourceWindow(startDate: day, endDate: day.adding(days: 1))
                        )
                    }
                }
            }
            try await group.waitForAll()
        }
        let arrivals = fake.requests.map(\.arrival)
        var achieved = 0.0
        if let first = arrivals.first, let last = arrivals.last, arrivals.count > 1 {
            let elapsed: Duration = last - first
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            if seconds > 0 { achieved = Double(arrivals.count - 1) / seconds * 60 }
        }
        print("\(prefix)_mode: \(mode)")
        print("\(prefix)_requests: \(fake.requests.count)")
        print("\(prefix)_limit: \(rpm) requests/min")
        print("\(prefix)_achieved: \(CostRateBenchmark.format2(achieved)) requests/min")
        print("\(prefix)_achieved_over_limit: \(CostRateBenchmark.format2(achieved / Double(rpm) * 100))%")
        print("\(prefix)_throttles: \(fake.throttleCount)")
        let writes = Double(store.operations.writes) / Double(max(1, fake.requests.count))
        print("\(prefix)_limiter_writes_per_request: \(CostRateBenchmark.format2(writes))")
    }
}

extension ConnectWiseFake {
    /// The credentials the fake accepts, as a tenant's secret would hold them (the tenant benchmarks' one copy).
    static func benchCredentials(endpoint: String) throws -> ConnectWiseCredentials {
        try ConnectWiseCredentials(
            secretName: "bench",
            json: [
                "api_url": .string(endpoint), "company_id": "acme", "public_key": "fake-public",
                "private_key": "fake-private", "client_id": "fake-client",
            ])
    }
}
