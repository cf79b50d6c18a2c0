import BackfillTesting
import HTTP
import JSON
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A Cost Explorer stand-in on 127.0.0.1 speaking the same JSON 1.1 protocol (`X-Amz-Target:
/// AWSInsightsIndexService.GetCostAndUsage` / `GetCostCategories`), for what moto cannot do: results in pages
/// with `NextPageToken`, `LimitExceededException` when a request rate is exceeded, latency, months without data
/// or failing, and a log of every request with its arrival time.
///
/// Data is deterministic (see ``CostExplorerFakeData``): every month has `workloads × usageTypes` groups, and
/// each workload belongs to one cost centre of the category ``CostExplorerFakeData/categoryName``.
public final class CostExplorerFake: Sendable {
    /// How the fake behaves; change it while running with ``update(_:)``.
    public struct Options: Sendable {
        /// Groups per page.
        public var pageSize = 10
        /// How long each answered request takes (throttled ones answer at once).
        public var latency: Duration = .zero
        /// The enforced rate (a token bucket refilled at this rate), or nil for none.
        public var maxRequestsPerSecond: Int?
        /// The bucket's size: requests that may arrive back to back (absorbs jitter of evenly paced clients).
        public var burst = 2
        /// Months (`YYYY-MM`) answered with `DataUnavailableException`.
        public var noDataMonths: Set<String> = []
        /// Months answered with a page without groups.
        public var emptyMonths: Set<String> = []
        /// Months answered with `AccessDeniedException` (its message names an account id).
        public var failingMonths: Set<String> = []
        /// Months whose figures are marked `Estimated`.
        public var estimatedMonths: Set<String> = []

        public init() {}
    }

    /// One request as the fake received it.
    public struct LoggedRequest: Sendable, Hashable {
        /// `GetCostAndUsage` or `GetCostCategories`.
        public var operation: String
        /// `YYYY-MM` of `TimePeriod.Start`.
        public var period: String
        /// `TYPE:KEY` of each `GroupBy` entry.
        public var groupBy: [String]
        public var nextPageToken: String?
        /// Arrival on the monotonic clock (nanoseconds).
        public var arrival: UInt64
        /// The answer's status (400 for throttled and failed requests).
        public var status: Int
        /// Whether it was refused with `LimitExceededException`.
        public var throttled: Bool
    }

    private struct State {
        var options: Options
        var log: [LoggedRequest] = []
        var tokens: Double
        var refilledAt: UInt64
    }

    private let state: Mutex<State>
    private let server = Mutex<LoopbackHTTPServer?>(nil)
    /// `http://127.0.0.1:PORT`, for `AWS_ENDPOINT_URL_COST_EXPLORER`.
    public let endpoint: String
    public let port: Int

    /// Starts listening on 127.0.0.1 (`port` 0 picks a free one).
    public init(port: Int = 0, options: Options = Options()) throws {
        let box = Mutex<CostExplorerFake?>(nil)
        let server = try LoopbackHTTPServer(port: port) { request in
            guard let fake = box.withLock({ $0 }) else { return LoopbackResponse(status: 503) }
            return fake.answer(request)
        }
        state = Mutex(
            State(options: options, tokens: Double(max(1, options.burst)), refilledAt: MonotonicClock.nanoseconds()))
        self.port = server.port
        endpoint = server.baseURL
        self.server.withLock { $0 = server }
        box.withLock { $0 = self }
    }

    deinit { stop() }

    /// Stops serving.
    public func stop() {
        server.withLock { $0?.stop() }
    }

    /// Changes the options (e.g. makes a month fail from now on).
    public func update(_ change: @Sendable (inout Options) -> Void) {
        state.withLock { change(&$0.options) }
    }

    /// Every request so far, in arrival order.
    public var requests: [LoggedRequest] { state.withLock { $0.log } }

    /// Requests refused with `LimitExceededException`.
    public var throttleCount: Int { state.withLock { $0.log.filter(\.throttled).count } }

    /// Accepted requests per second between the first and the last accepted arrival (nil below two).
    public var achievedRate: Double? {
        let accepted = requests.filter { !$0.throttled }.map(\.arrival)
        guard let first = accepted.first, let last = accepted.last, accepted.count > 1, last > first else { return nil }
        return Double(accepted.count - 1) / (Double(last - first) / 1e9)
    }

    private func answer(_ request: LoopbackRequest) -> LoopbackResponse {
        let arrival = MonotonicClock.nanoseconds()
        let target = request.headers["x-amz-target"] ?? ""
        let operation = String(target.split(separator: ".").last ?? "")
        guard request.headers["authorization"]?.contains("/us-east-1/ce/aws4_request") == true else {
            return Self.error(403, "UnrecognizedClientException", "request not signed for ce in us-east-1")
        }
        guard let input = try? JSONParser.parse(request.body) else {
            return Self.error(400, "SerializationException", "body is not JSON")
        }
        let start = input["TimePeriod"]?["Start"]?.stringValue ?? ""
        var entry = LoggedRequest(
            operation: operation, period: String(start.prefix(7)),
            groupBy: input["GroupBy"]?.arrayValue?.map {
                "\($0["Type"]?.stringValue ?? ""):\($0["Key"]?.stringValue ?? "")"
            } ?? [],
            nextPageToken: input["NextPageToken"]?.stringValue, arrival: arrival, status: 200, throttled: false)
        let (options, allowed) = state.withLock { state in
            (state.options, Self.takeToken(&state, at: arrival))
        }
        let response: LoopbackResponse
        if !allowed {
            entry.throttled = true
            response = Self.error(400, "LimitExceededException", "Rate exceeded")
        } else {
            if options.latency > .zero { usleep(UInt32(options.latency.wholeMicroseconds)) }
            response = respond(operation, input: input, period: entry.period, options: options)
        }
        entry.status = response.status
        state.withLock { $0.log.append(entry) }
        return response
    }

    private func respond(_ operation: String, input: JSONValue, period: String, options: Options) -> LoopbackResponse {
        switch operation {
        case "GetCostCategories":
            return Self.json([
                "CostCategoryNames": [.string(CostExplorerFakeData.categoryName)], "ReturnSize": 1,
                "TotalSize": 1,
            ])
        case "GetCostAndUsage":
            if options.failingMonths.contains(period) {
                return Self.error(
                    400, "AccessDeniedException",
                    "User: arn:aws:iam::\(CostExplorerFakeData.accountID):user/ci is not authorized to perform: "
                        + "ce:GetCostAndUsage")
            }
            if options.noDataMonths.contains(period) {
                return Self.error(400, "DataUnavailableException", "Data is not available for \(period)")
            }
            return Self.json(
                CostExplorerFakeData.page(
                    input: input, period: period, pageSize: options.pageSize,
                    empty: options.emptyMonths.contains(period), estimated: options.estimatedMonths.contains(period)))
        default:
            return Self.error(400, "UnknownOperationException", "unknown operation \(operation)")
        }
    }

    /// The token bucket: refill at the rate up to `burst`, then take one token if there is one.
    private static func takeToken(_ state: inout State, at now: UInt64) -> Bool {
        guard let rate = state.options.maxRequestsPerSecond else { return true }
        let elapsed = Double(now &- state.refilledAt) / 1e9
        state.tokens = min(Double(max(1, state.options.burst)), state.tokens + elapsed * Double(rate))
        state.refilledAt = now
        guard state.tokens >= 1 else { return false }
        state.tokens -= 1
        return true
    }

    static func json(_ value: JSONValue) -> LoopbackResponse {
        LoopbackResponse(
            status: 200,
            headers: [
                "Content-Type": "application/x-amz-json-1.1",
                "x-amzn-RequestId": "fake-\(MonotonicClock.nanoseconds())",
            ],
            body: value.serializedBytes())
    }

    static func error(_ status: Int, _ code: String, _ message: String) -> LoopbackResponse {
        let body: JSONValue = ["__type": .string(code), "Message": .string(message)]
        return LoopbackResponse(
            status: status, headers: ["Content-Type": "application/x-amz-json-1.1"], body: body.serializedBytes())
    }
}

extension Duration {
    /// Whole microseconds (for `usleep`).
    var wholeMicroseconds: Int64 {
        components.seconds * 1_000_000 + components.attoseconds / 1_000_000_000_000
    }
}
