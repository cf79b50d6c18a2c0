import AWS
import AWSSigV4
import BackfillCore
import BackfillTesting
import CostBackfill
import CostExplorerFake
import HTTP
import JSON
import LambdaRuntime
import Logging
import Timekeeping

/// `backfill-bench cost-rate [--months N] [--latency-ms N] [--rps N] [--page-size N] [--concurrency N]`
///
/// A backfill through the real handler and HTTP client against the Cost Explorer fake answering in `latency`
/// and enforcing `rps` requests a second (token bucket of 2), with an in-memory bucket and tracker. Prints the
/// achieved request rate against the limit (between the first and the last accepted request) and throttles.
enum CostRateBenchmark {
    static func run(_ arguments: [String]) async throws {
        var months = 13
        var latency = 300
        var rps = 5
        var pageSize = 10
        var concurrency = 4
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            let value = Int(iterator.next() ?? "")
            switch argument {
            case "--months": months = value ?? months
            case "--latency-ms": latency = value ?? latency
            case "--rps": rps = value ?? rps
            case "--page-size": pageSize = value ?? pageSize
            case "--concurrency": concurrency = value ?? concurrency
            case "--gaps": continue
            default: break
            }
        }
        var options = CostExplorerFake.Options()
        options.latency = .milliseconds(latency)
        options.maxRequestsPerSecond = rps
        options.pageSize = pageSize
        let fake = try CostExplorerFake(options: options)
        defer { fake.stop() }
        let logger = Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() }
        let http = CurlHTTPClient()
        defer { http.shutdown() }
        // One attempt per call, as HandlerRegistry wires it: the handler paces and retries.
        let aws = AWSConfiguration(
            region: "us-east-1", credentials: AWSCredentials(accessKeyID: "AKIDBENCH", secretAccessKey: "bench"),
            endpointURL: fake.endpoint, retry: AWSRetryConfiguration(mode: .standard, maxAttempts: 1))
        let source = CostExplorerSource(
            client: CostExplorerClient(client: AWSClient(configuration: aws, transport: http)))
        let configuration = CostBackfillConfiguration(
            dataBucket: "bench", maxRequestsPerSecond: rps, concurrency: concurrency)
        let handler = CostBackfillHandler(
            configuration: configuration,
            dependencies: CostBackfillDependencies(
                source: source, objects: InMemoryObjectStore(), jobs: InMemoryJobStore(),
                time: SystemTimeSource()))
        let started = MonotonicClock.nanoseconds()
        let result = try await handler.run(
            CostBackfillRequest(mode: .backfill(months: months)), owner: "bench", deadline: .none, logger: logger)
        let seconds = Double(MonotonicClock.nanoseconds() - started) / 1e9
        let achieved = fake.achievedRate ?? 0
        let succeeded = result["body"]?["succeeded"]?.arrayValue?.count ?? 0
        print("cost_rate_months: \(months) (succeeded \(succeeded), status \(result["statusCode"]?.intValue ?? 0))")
        print("cost_rate_requests: \(fake.requests.count)")
        print("cost_rate_limit: \(rps) requests/s")
        print("cost_rate_achieved: \(format2(achieved)) requests/s")
        print("cost_rate_achieved_over_limit: \(format2(achieved / Double(rps) * 100))%")
        print("cost_rate_throttles: \(fake.throttleCount)")
        print("cost_rate_wall: \(format2(seconds)) s")
        if arguments.contains("--gaps") {
            let arrivals = fake.requests.map(\.arrival)
            let gaps = zip(arrivals.dropFirst(), arrivals).map { Int(($0 - $1) / 1_000_000) }
            print("cost_rate_gaps_ms: \(gaps.map(String.init).joined(separator: " "))")
            print("cost_rate_throttled_at: \(fake.requests.indices.filter { fake.requests[$0].throttled })")
        }
    }

    static func format2(_ value: Double) -> String {
        let scaled = Int((value * 100).rounded())
        let fraction = abs(scaled % 100)
        return "\(scaled / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
