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

/// Two cost backfills at once against a Cost Explorer that enforces 5 requests a second: paced alone, each
/// believes it has the whole rate and together they are throttled; sharing the limit through one store, they
/// stay within it together.
@Suite("Cost Explorer rate shared by two concurrent backfills", .serialized)
struct SharedCostRateTests {
    static func fake() throws -> CostExplorerFake {
        var options = CostExplorerFake.Options()
        options.maxRequestsPerSecond = 5
        // A burst of 5 absorbs a second of wake-up jitter on a loaded 2-core machine; two unshared backfills still
        // ask for twice the rate for seconds on end, far beyond it.
        options.burst = 5
        options.pageSize = 20
        return try CostExplorerFake(options: options)
    }

    static func twoAtOnce(fake: CostExplorerFake, shared: (any SharedLimitStore)?) async throws -> [JSONValue] {
        try await CurlHTTPClient.withClient { http in
            let aws = AWSConfiguration(
                region: "us-east-1", credentials: AWSCredentials(accessKeyID: "AKIDTEST", secretAccessKey: "test"),
                endpointURL: fake.endpoint, retry: AWSRetryConfiguration(mode: .standard, maxAttempts: 1))
            func handler(_ prefix: String) -> CostBackfillHandler {
                CostBackfillHandler(
                    configuration: CostBackfillConfiguration(
                        dataBucket: "b", dataPrefix: prefix, maxRequestsPerSecond: 5),
                    dependencies: CostBackfillDependencies(
                        source: CostExplorerSource(
                            client: CostExplorerClient(client: AWSClient(configuration: aws, transport: http))),
                        objects: InMemoryObjectStore(), jobs: InMemoryJobStore(), time: SystemTimeSource(),
                        sharedLimits: shared))
            }
            let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
            async let first = handler("one").run(
                CostBackfillRequest(mode: .backfill(months: 5)), owner: "one", deadline: .none, logger: logger)
            async let second = handler("two").run(
                CostBackfillRequest(mode: .backfill(months: 5)), owner: "two", deadline: .none, logger: logger)
            return try await [first, second]
        }
    }

    @Test("alone each is throttled; sharing the limit they are not (beyond rare scheduling jitter)")
    func shared() async throws {
        let control = try Self.fake()
        defer { control.stop() }
        let unshared = try await Self.twoAtOnce(fake: control, shared: nil)
        #expect(unshared.allSatisfy { $0["statusCode"] == 200 })
        #expect(control.throttleCount >= 5, "two unshared backfills should exceed the fake's rate")

        let fake = try Self.fake()
        defer { fake.stop() }
        let results = try await Self.twoAtOnce(fake: fake, shared: InMemorySharedLimitStore())
        #expect(results.allSatisfy { $0["statusCode"] == 200 })
        // As in CostRateTests: the suite shares 2 cores, and a late wake-up can bunch two requests past the burst
        // now and then; `make bench` (cost-rate --shared) measures it alone.
        #expect(fake.throttleCount <= 2, "shared pacing throttled \(fake.throttleCount) times")
    }
}
