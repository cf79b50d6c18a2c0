import BackfillTesting
import HTTP
import JSON
import Synchronization
public import Timekeeping

#if canImport(Glibc)
    import Glibc
#endif

/// A FRED stand-in on 127.0.0.1 answering `GET /fred/series/observations` as FRED does: keys checked (an unknown
/// or revoked key is a 400 naming `api_key`), a per-key limit of requests a minute answered with FRED's 429
/// body, `"."` values, observation windows, `limit`/`offset`/`count`, optional latency, and a log of every
/// request with a count per key. Data is deterministic (see ``FREDFakeData``).
public final class FREDFake: Sendable {
    /// How the fake behaves; change it while running with ``update(_:)``.
    public struct Options: Sendable {
        /// Keys FRED knows (32 lower-case letters and digits, as FRED's keys are).
        public var validKeys: Set<String>
        /// Accepted requests a key may make in any 60-second window; nil for no limit.
        public var requestsPerMinute: Int? = 120
        /// Whether a 429 carries a `Retry-After` header (seconds until the key's window frees a slot).
        public var sendsRetryAfter = false
        /// How long each answered request takes (refused ones answer at once).
        public var latency: Duration = .zero
        /// The most observations one answer holds, whatever `limit` asks (FRED: 100,000); lower it to test paging.
        public var maxObservationsPerAnswer = 100_000
        /// The last date any series has an observation for.
        public var lastObservation = CivilDate(year: 2026, month: 11, day: 27)
        /// Extra dates answered with `"."`, by series id.
        public var noValueDates: [String: Set<CivilDate>] = [:]

        /// Options accepting `validKeys`.
        public init(validKeys: Set<String>) {
            self.validKeys = validKeys
        }
    }

    /// One request as the fake received it (the key is kept so tests can count per key; it is a test value).
    public struct LoggedRequest: Sendable, Hashable {
        public var seriesID: String
        public var apiKey: String
        public var observationStart: String?
        public var observationEnd: String?
        public var offset: Int
        public var limit: Int
        /// The answer's status (200, 400 or 429).
        public var status: Int
        /// Arrival on the fake's time source.
        public var arrival: Timestamp
    }

    struct State {
        var options: Options
        var log: [LoggedRequest] = []
        /// Accepted arrivals per key within the last minute.
        var windows: [String: [Timestamp]] = [:]
    }

    let state: Mutex<State>
    let time: any TimeSource
    private let server = Mutex<LoopbackHTTPServer?>(nil)
    /// `http://127.0.0.1:PORT`, for `FRED_API_URL`.
    public let baseURL: String
    public let port: Int

    /// Starts listening on 127.0.0.1 (`port` 0 picks a free one); rate windows run on `time`.
    public init(port: Int = 0, options: Options, time: any TimeSource = SystemTimeSource()) throws {
        let box = Mutex<FREDFake?>(nil)
        let server = try LoopbackHTTPServer(port: port) { request in
            guard let fake = box.withLock({ $0 }) else { return LoopbackResponse(status: 503) }
            return fake.answer(request)
        }
        state = Mutex(State(options: options))
        self.time = time
        self.port = server.port
        baseURL = server.baseURL
        self.server.withLock { $0 = server }
        box.withLock { $0 = self }
    }

    deinit { stop() }

    /// Stops serving.
    public func stop() {
        server.withLock { $0?.stop() }
    }

    /// Changes the options (e.g. lowers the limit) from now on.
    public func update(_ change: @Sendable (inout Options) -> Void) {
        state.withLock { change(&$0.options) }
    }

    /// Unregisters `key`: its next request gets FRED's 400 for an unregistered key.
    public func revoke(_ key: String) {
        state.withLock { _ = $0.options.validKeys.remove(key) }
    }

    /// Every request so far, in arrival order.
    public var requests: [LoggedRequest] { state.withLock { $0.log } }

    /// Requests per key (every status).
    public var requestCounts: [String: Int] {
        state.withLock { state in state.log.reduce(into: [:]) { $0[$1.apiKey, default: 0] += 1 } }
    }

    /// Requests refused with 429.
    public var throttledCount: Int { state.withLock { $0.log.filter { $0.status == 429 }.count } }

    /// A valid-looking key (32 lower-case hex digits) derived from `seed`, for tests.
    public static func makeKey(_ seed: Int) -> String {
        var value = UInt64(truncatingIfNeeded: seed) &* 0x9E37_79B9_7F4A_7C15 &+ 0x1234_5678
        var text = ""
        while text.count < 32 {
            value = value &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            text += String(value >> 60, radix: 16)
        }
        return text
    }

    private func answer(_ request: LoopbackRequest) -> LoopbackResponse {
        let arrival = time.now
        guard request.method == "GET", request.path == "/fred/series/observations" else {
            return Self.error(404, "Not Found.  The requested URL was not found on this server.")
        }
        let query = Self.parseQuery(request.query)
        let (options, refusal) = state.withLock { state in
            (state.options, Self.admit(query["api_key"], state: &state, at: arrival))
        }
        let response: LoopbackResponse
        if let refusal {
            response = refusal
        } else {
            if options.latency > .zero {
                usleep(
                    UInt32(
                        options.latency.components.seconds * 1_000_000
                            + options.latency.components.attoseconds / 1_000_000_000_000))
            }
            response = FREDFakeResponder(options: options).observations(query)
        }
        let entry = LoggedRequest(
            seriesID: query["series_id"] ?? "", apiKey: query["api_key"] ?? "",
            observationStart: query["observation_start"], observationEnd: query["observation_end"],
            offset: Int(query["offset"] ?? "") ?? 0, limit: Int(query["limit"] ?? "") ?? 100_000,
            status: response.status, arrival: arrival)
        state.withLock { $0.log.append(entry) }
        return response
    }
}
