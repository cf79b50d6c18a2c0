import BackfillTesting
import HTTP
import JSON
import SourceConnector
import Synchronization
public import Timekeeping

#if canImport(Glibc)
    import Glibc
#endif

/// A ConnectWise Manage REST stand-in on 127.0.0.1 (`/v4_6_release/apis/3.0/{table}`) that behaves like the
/// real API where a backfill notices: Basic auth checked (401), the `clientId` header required, `conditions`
/// on `lastUpdated` / `_info/lastUpdated` honoured, `page` / `pageSize` paging with a `Link` header, a
/// per-minute limit answered with 429 and `Retry-After`, optional latency, records changing between pages,
/// records without id or with a bad timestamp on demand, and a log of every request.
public final class ConnectWiseFake: Sendable {
    /// How the fake behaves; change it while running with ``update(_:)``.
    public struct Options: Sendable {
        /// The data served (records per table, their time span).
        public var data = ConnectWiseFakeData()
        /// Requests accepted per sliding minute, or nil for no limit.
        public var requestsPerMinute: Int?
        /// How long each accepted request takes.
        public var latency: Duration = .zero
        /// Pages after the first start this many records early, and those repeated records come back with a
        /// newer `lastUpdated` (as if edited between the pages): duplicates across pages, the later one newer.
        public var shiftingPages = 0
        /// Every n-th record (by id) comes without its `id`.
        public var missingIDEvery: Int?
        /// Every n-th record (by id) has an unparseable `_info.lastUpdated`.
        public var badTimestampEvery: Int?
        /// Where the time of the rate window comes from (a manual source in tests).
        public var timeSource: any TimeSource = SystemTimeSource()

        public init() {}
    }

    /// One request as the fake received it.
    public struct LoggedRequest: Sendable, Hashable {
        public var table: String
        public var page: Int
        public var pageSize: Int
        /// The `conditions` parameter as received (decoded).
        public var conditions: String?
        public var status: Int
        public var throttled: Bool
        /// Arrival on the fake's time source.
        public var arrival: Timestamp
    }

    private struct State {
        var options: Options
        var log: [LoggedRequest] = []
        var accepted: [Timestamp] = []
    }

    private let state: Mutex<State>
    private let server = Mutex<LoopbackHTTPServer?>(nil)
    private let expectedAuthorization: String
    private let clientID: String
    /// `http://127.0.0.1:PORT`, the `api_url` of the fake's credentials.
    public let endpoint: String
    public let port: Int

    /// Starts listening on 127.0.0.1 (`port` 0 picks a free one). Requests must authenticate as
    /// `{companyID}+{publicKey}:{privateKey}` and send `clientId: {clientID}`.
    public init(
        port: Int = 0, companyID: String = "acme", publicKey: String = "fake-public",
        privateKey: String = "fake-private",
        clientID: String = "fake-client", options: Options = Options()
    ) throws {
        let box = Mutex<ConnectWiseFake?>(nil)
        let server = try LoopbackHTTPServer(port: port) { request in
            guard let fake = box.withLock({ $0 }) else { return LoopbackResponse(status: 503) }
            return fake.answer(request)
        }
        expectedAuthorization = "Basic " + Base64.encode(Array("\(companyID)+\(publicKey):\(privateKey)".utf8))
        self.clientID = clientID
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
        let prefix = "/v4_6_release/apis/3.0/"
        let query = Dictionary(QueryString.decode(request.query), uniquingKeysWith: { first, _ in first })
        let options = state.withLock { $0.options }
        let now = options.timeSource.now
        let table =
            request.path.hasPrefix(prefix)
            ? QueryString.percentDecode(String(request.path.dropFirst(prefix.count))) : ""
        var entry = LoggedRequest(
            table: table, page: Int(query["page"] ?? "1") ?? 1, pageSize: Int(query["pageSize"] ?? "25") ?? 25,
            conditions: query["conditions"], status: 200, throttled: false, arrival: now)
        let response = respond(request, entry: &entry, options: options, now: now)
        entry.status = response.status
        state.withLock { $0.log.append(entry) }
        return response
    }

    private func respond(
        _ request: LoopbackRequest, entry: inout LoggedRequest, options: Options, now: Timestamp
    ) -> LoopbackResponse {
        guard request.headers["authorization"] == expectedAuthorization else {
            return Self.error(401, "Unauthorized", "Authentication failed")
        }
        guard request.headers["clientid"] == clientID else {
            return Self.error(
                400, "InvalidClientId", "clientId header is required and must be a registered integration")
        }
        if let wait = takeSlot(now: now, limit: options.requestsPerMinute) {
            entry.throttled = true
            var response = Self.error(429, "TooManyRequests", "Request limit exceeded")
            response.headers.set("Retry-After", String(wait))
            return response
        }
        if options.latency > .zero {
            usleep(UInt32(clamping: options.latency.microseconds))
        }
        let counting = entry.table.hasSuffix("/count")
        let table = counting ? String(entry.table.dropLast("/count".count)) : entry.table
        guard ConnectWiseFakeData.tables.contains(table) else {
            return Self.error(404, "NotFound", "No resource at \(entry.table)")
        }
        if counting {
            // `{table}/count?conditions=…` answers `{"count": N}`, as ConnectWise does.
            guard case .success(let window) = ConditionsFilter.parse(entry.conditions) else {
                return Self.error(400, "InvalidObject", "cannot parse conditions")
            }
            let count = options.data.indices(from: window.start, to: window.end).count
            let body: JSONValue = ["count": .int(Int64(count))]
            return LoopbackResponse(
                status: 200, headers: ["Content-Type": "application/json"], body: body.serializedBytes())
        }
        guard entry.page >= 1, (1...1000).contains(entry.pageSize) else {
            return Self.error(400, "InvalidObject", "page must be at least 1 and pageSize between 1 and 1000")
        }
        let window: (start: Timestamp?, end: Timestamp?)
        switch ConditionsFilter.parse(entry.conditions) {
        case .success(let parsed): window = parsed
        case .failure(let message): return Self.error(400, "InvalidObject", message)
        }
        return page(entry: entry, window: window, options: options, request: request)
    }

    /// Claims a slot in the sliding minute; returns the whole seconds to wait when there is none.
    private func takeSlot(now: Timestamp, limit: Int?) -> Int64? {
        guard let limit else { return nil }
        return state.withLock { state -> Int64? in
            state.accepted.removeAll { now - $0 >= .seconds(60) }
            guard state.accepted.count >= limit, let oldest = state.accepted.first else {
                state.accepted.append(now)
                return nil
            }
            let wait = (oldest + .seconds(60)) - now
            return max(1, (wait.microseconds + 999_999) / 1_000_000)
        }
    }

    static func error(_ status: Int, _ code: String, _ message: String) -> LoopbackResponse {
        let body: JSONValue = ["code": .string(code), "message": .string(message)]
        return LoopbackResponse(
            status: status, headers: ["Content-Type": "application/json"], body: body.serializedBytes())
    }
}

extension Duration {
    /// Whole microseconds.
    var microseconds: Int64 { components.seconds * 1_000_000 + components.attoseconds / 1_000_000_000_000 }
}
