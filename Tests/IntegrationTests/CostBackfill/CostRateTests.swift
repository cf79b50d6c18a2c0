import AWS
import AWSSigV4
import BackfillCore
import BackfillTesting
import CostBackfill
import CostExplorerFake
import HTTP
import JSON
import Logging
import Testing
import Timekeeping

@Suite("Cost Explorer rate against a fake that enforces it")
struct CostRateTests {
    @Test("a 13-month backfill paced at a fake's 5 requests/s limit finishes; a throttle costs one extra request")
    func pacedAtTheLimit() async throws {
        var options = CostExplorerFake.Options()
        options.latency = .milliseconds(300)
        options.maxRequestsPerSecond = 5
        // A bucket of 3 still holds the long-run rate at 5/s; it absorbs up to 400 ms of wake-up jitter, which
        // the whole suite running in parallel on a loaded 2-core machine does produce (the benchmark, run
        // alone, uses 2 and sees no throttle).
        options.burst = 3
        options.pageSize = 20
        let fake = try CostExplorerFake(options: options)
        defer { fake.stop() }
        try await CurlHTTPClient.withClient { http in
            let result = try await Self.backfill(months: 13, believedRate: 5, fake: fake, http: http)
            #expect(result["statusCode"] == 200)
            #expect(result.bodyList("succeeded").count == 13)
        }
        // How many throttles a real-time run sees depends on scheduling (the whole suite shares 2 cores), so it is
        // not asserted here: the pacing itself is tested on an injected clock ("Rate limiting"), and the figure of
        // a run alone is measured by `backfill-bench cost-rate` (release build: 0). What holds whatever the timing:
        // every throttle is absorbed by the backoff and costs exactly one extra request.
        #expect(fake.requests.count == 13 * 4 + fake.throttleCount)  // categories, 2 usage pages, centres
    }

    @Test("the fake refuses requests above its rate with LimitExceededException, and the handler backs off")
    func throttledThenBacksOff() async throws {
        var options = CostExplorerFake.Options()
        options.maxRequestsPerSecond = 2
        options.burst = 1
        options.pageSize = 20
        let fake = try CostExplorerFake(options: options)
        defer { fake.stop() }
        try await CurlHTTPClient.withClient { http in
            // The handler believes in 20 requests/s; the fake allows 2: throttles happen and are absorbed.
            let result = try await Self.backfill(months: 2, believedRate: 20, fake: fake, http: http)
            #expect(result["statusCode"] == 200, "\(result.serialized())")
        }
        #expect(fake.throttleCount > 0)
        #expect(fake.requests.filter { !$0.throttled }.count == 2 * 4)
    }

    /// Runs a backfill of `months` through the real Cost Explorer client against `fake`, pacing at `believedRate`.
    static func backfill(months: Int, believedRate: Int, fake: CostExplorerFake, http: CurlHTTPClient) async throws
        -> JSONValue
    {
        let aws = AWSConfiguration(
            region: "us-east-1", credentials: AWSCredentials(accessKeyID: "AKIDTEST", secretAccessKey: "test"),
            endpointURL: fake.endpoint, retry: AWSRetryConfiguration(mode: .standard, maxAttempts: 1))
        let handler = CostBackfillHandler(
            configuration: CostBackfillConfiguration(dataBucket: "b", maxRequestsPerSecond: believedRate),
            dependencies: CostBackfillDependencies(
                source: CostExplorerSource(
                    client: CostExplorerClient(client: AWSClient(configuration: aws, transport: http))),
                objects: InMemoryObjectStore(), jobs: InMemoryJobStore(), time: SystemTimeSource()))
        return try await handler.run(
            CostBackfillRequest(mode: .backfill(months: months)), owner: "rate", deadline: .none,
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
    }
}
