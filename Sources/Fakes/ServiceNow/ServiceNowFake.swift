import BackfillTesting
import HTTP
import JSON
import SourceConnector
import Synchronization
public import Timekeeping

#if canImport(Glibc)
    import Glibc
#endif

/// A ServiceNow Table API stand-in on 127.0.0.1 (`/api/now/table/{table}`) that behaves like the real API where
/// a backfill notices: Basic or bearer auth checked (401), `sysparm_query` on `sys_updated_on` with
/// `ORDERBYsys_id` honoured, `sysparm_offset` / `sysparm_limit` paging with `X-Total-Count` and `Link`,
/// `sysparm_exclude_reference_link`, a per-minute limit answered with 429, `Retry-After` and `X-RateLimit-*`,
/// optional latency, records changing between pages, records without `sys_id` or with a bad timestamp on
/// demand, and a log of every request.
public final class ServiceNowFake: Sendable {
    /// How the fake behaves; change it while running with ``update(_:)``.
    public struct Options: Sendable {
        public var data = ServiceNowFakeData()
        /// Requests accepted per sliding minute, or nil for no limit.
        public var requestsPerMinute: Int?
        /// How long each accepted request takes.
        public var latency: Duration = .zero
        /// Pages after the first start this many records early, and those repeated records come back with a
        /// newer `sys_updated_on`: duplicates across pages, the later one newer.
        public var shiftingPages = 0
        /// Every n-th record comes without its `sys_id`.
        public var missingIDEvery: Int?
        /// Every n-th record has an unparseable `sys_updated_on`.
        public var badTimestampEvery: Int?
        /// Where the time of the rate window comes from (a manual source in tests).
        public var timeSource: any TimeSource = SystemTimeSource()

        public init() {}
    }

    /// One request as the fake received it.
    public struct LoggedRequest: Sendable, Hashable {
        public var table: String
        public var offset: Int
        public var limit: Int
        /// `sysparm_query` as received (decoded).
        public var query: String?
        public var status: Int
        public var throttled: Bool
        public var arrival: Timestamp
    }

    struct State {
        var options: Options
        var log: [LoggedRequest] = []
        var accepted: [Timestamp] = []
    }

    let state: Mutex<State>
    private let server = Mutex<LoopbackHTTPServer?>(nil)
    private let acceptedAuthorizations: Set<String>
    /// `http://127.0.0.1:PORT`, the `instance_url` of the fake's credentials.
    public let endpoint: String
    public let port: Int

    /// Starts listening on 127.0.0.1 (`port` 0 picks a free one). Requests authenticate as `username:password`
    /// (Basic) or with `Bearer {token}`.
    public init(
        port: Int = 0, username: String = "svc-backfill", password: String = "fake-password",
        token: String = "fake-token", options: Options = Options()
    ) throws {
        let box = Mutex<ServiceNowFake?>(nil)
        let server = try LoopbackHTTPServer(port: port) { request in
            guard let fake = box.withLock({ $0 }) else { return LoopbackResponse(status: 503) }
            return fake.answer(request)
        }
        acceptedAuthorizations = [
            BasicAuthorization.header(user: username, password: password), "Bearer " + token,
        ]
        state = Mutex(State(options: options))
        self.port = server.port
        endpoint = server.baseURL
        self.server.withLock { $0 = server }
        box.withLock { $0 = self }
    }

    deinit { stop() }

    /// Stops serving.
    public func stop() { server.withLock { $0?.stop() } }

    /// Changes the options while running.
    public func update(_ change: @Sendable (inout Options) -> Void) { state.withLock { change(&$0.options) } }

    /// Every request so far, in arrival order.
    public var requests: [LoggedRequest] { state.withLock { $0.log } }

    /// Requests answered with 429.
    public var throttleCount: Int { state.withLock { $0.log.filter(\.throttled).count } }

    private func answer(_ request: LoopbackRequest) -> LoopbackResponse {
        let prefix = "/api/now/table/"
        let query = Dictionary(QueryString.decode(request.query), uniquingKeysWith: { first, _ in first })
        let options = state.withLock { $0.options }
        let now = options.timeSource.now
        let table =
            request.path.hasPrefix(prefix)
            ? QueryString.percentDecode(String(request.path.dropFirst(prefix.count))) : ""
        var entry = LoggedRequest(
            table: table, offset: Int(query["sysparm_offset"] ?? "0") ?? -1,
            limit: Int(query["sysparm_limit"] ?? "10000") ?? -1, query: query["sysparm_query"], status: 200,
            throttled: false, arrival: now)
        var response: LoopbackResponse
        if !acceptedAuthorizations.contains(request.headers["authorization"] ?? "") {
            response = Self.error(401, "User Not Authenticated", "Required to provide Auth information")
        } else {
            let (wait, limit) = takeSlot(now: now, limit: options.requestsPerMinute)
            if let wait {
                entry.throttled = true
                response = Self.error(429, "Rate limit exceeded", "Too many requests")
                response.headers.set("Retry-After", String(wait))
            } else {
                if options.latency > .zero { usleep(UInt32(clamping: options.latency.microseconds)) }
                response = page(
                    entry: entry, options: options, request: request,
                    excludeReferenceLink: query["sysparm_exclude_reference_link"] == "true")
            }
            if let limit {
                response.headers.set("X-RateLimit-Limit", String(limit.limit))
                response.headers.set("X-RateLimit-Remaining", String(limit.remaining))
                response.headers.set("X-RateLimit-Reset", String(limit.reset.secondsSince1970))
            }
        }
        entry.status = response.status
        state.withLock { $0.log.append(entry) }
        return response
    }

    /// Claims a slot in the sliding minute: the seconds to wait when there is none, and the window's figures.
    private func takeSlot(now: Timestamp, limit: Int?) -> (Int64?, (limit: Int, remaining: Int, reset: Timestamp)?) {
        guard let limit else { return (nil, nil) }
        return state.withLock { state in
            state.accepted.removeAll { now - $0 >= .seconds(60) }
            var wait: Int64?
            if state.accepted.count >= limit, let oldest = state.accepted.first {
                let remaining = (oldest + .seconds(60)) - now
                wait = max(1, (remaining.microseconds + 999_999) / 1_000_000)
            } else {
                state.accepted.append(now)
            }
            let reset = (state.accepted.first ?? now) + .seconds(60)
            return (wait, (limit, max(0, limit - state.accepted.count), reset))
        }
    }

    static func error(_ status: Int, _ message: String, _ detail: String) -> LoopbackResponse {
        let body: JSONValue = [
            "error": ["message": .string(message), "detail": .string(detail)], "status": "failure",
        ]
        return LoopbackResponse(
            status: status, headers: ["Content-Type": "application/json"], body: body.serializedBytes())
    }
}

extension Duration {
    /// Whole microseconds.
    var microseconds: Int64 { components.seconds * 1_000_000 + components.attoseconds / 1_000_000_000_000 }
}
