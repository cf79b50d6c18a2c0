public import BackfillCore
public import JSON
public import SourceConnector
public import Timekeeping

/// A paged source behind the platform's ``RateLimitedCaller`` at the service's requests per minute: every
/// request (first attempts and retries) takes a slot of one limit shared by every chunk of the process; a 429
/// pauses the limit for its `Retry-After`; 5xx and network errors back off with jitter; 401/403 fail at once.
public struct PacedPagedSource: Sendable {
    /// The source being paced.
    public let source: any PagedSource
    /// The shared caller.
    public let caller: RateLimitedCaller<Void>

    /// A paced source allowing `requestsPerMinute` requests a minute, evenly spaced.
    public init(
        source: any PagedSource, requestsPerMinute: Int, time: any TimeSource, maxAttempts: Int = 7,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.source = source
        self.caller = RateLimitedCaller(
            name: source.service, limit: .perMinute(max(1, requestsPerMinute)), time: time,
            policy: CallPolicy(maxAttempts: maxAttempts), random: random)
    }

    /// A paced source sharing `caller` (one per tenant + service and process).
    public init(source: any PagedSource, caller: RateLimitedCaller<Void>) {
        self.source = source
        self.caller = caller
    }

    /// One page, and how many throttling answers it took; an exhausted call rethrows the source's last
    /// `SourceError` with the attempts made.
    public func page(table: String, window: SourceWindow, cursor: Int) async throws -> (
        page: SourcePage, throttles: Int
    ) {
        do {
            let result = try await caller.call {
                try await source.fetchPage(table: table, window: window, cursor: cursor)
            }
            return (result.value, result.throttles)
        } catch let exhausted as CallExhaustedError {
            guard var error = exhausted.last as? SourceError else { throw exhausted }
            error.message += " (gave up after \(exhausted.attempts) attempts)"
            throw error
        }
    }

    /// The source's count of `table`'s records in `window` (one paced request), or nil without a count endpoint.
    public func count(table: String, window: SourceWindow) async throws -> Int? {
        do {
            return try await caller.call { try await source.count(table: table, window: window) }.value
        } catch let exhausted as CallExhaustedError {
            throw exhausted.last
        }
    }

    /// Every page of `table` in `window`, in order: the records, pages read and throttles met. With `stopAt`,
    /// no page after the first is requested at or after that moment (of the caller's clock); with `maxRecords`,
    /// none once more records than that were received. The result is then marked `stoppedEarly` (and
    /// `overRecordLimit`) and holds the pages read so far.
    public func fetchAll(
        table: String, window: SourceWindow, stopAt: Timestamp? = nil, maxRecords: Int? = nil,
        checkIn: @Sendable () async throws -> Void = {}
    ) async throws -> FetchedChunk {
        var records: [JSONValue] = []
        var fetched = try await fetchPages(table: table, window: window, stopAt: stopAt, maxRecords: maxRecords) {
            records += $0
            try await checkIn()
        }
        fetched.records = records
        return fetched
    }
}

/// What fetching one chunk returned.
public struct FetchedChunk: Sendable {
    public var records: [JSONValue] = []
    public var pages = 0
    public var throttles = 0
    /// The source's count of matching records, when it reports one.
    public var totalCount: Int?
    /// The fetch stopped before the last page because the chunk's time was up: the records are incomplete.
    public var stoppedEarly = false
    /// The fetch stopped early because more records than the chunk may hold had arrived (it is split).
    public var overRecordLimit = false

    public init(records: [JSONValue] = [], pages: Int = 0, throttles: Int = 0, totalCount: Int? = nil) {
        self.records = records
        self.pages = pages
        self.throttles = throttles
        self.totalCount = totalCount
    }
}

extension SourceError: ClassifiedFailure {
    /// 429 → throttled (its `Retry-After`); 5xx and network failures → transient; everything else, 401/403
    /// included (the message names the secret to check), → fatal.
    public var callFailure: CallFailure {
        switch code {
        case .throttled(let retryAfter): .throttled(retryAfter: retryAfter)
        case .transient: .transient(retryAfter: nil)
        case .unauthorized, .badRequest, .malformed, .invalidSecret: .fatal
        }
    }
}

/// When a chunk's fetch stops early: at a moment (the chunk's time is up) or past a record count (the chunk is
/// too big and will be split, so reading on is wasted requests and memory).
public struct FetchLimits: Sendable, Hashable {
    /// No page after the first is requested at or after this moment.
    public var stopAt: Timestamp?
    /// No page is requested once more records than this have arrived.
    public var maxRecords: Int?

    public init(stopAt: Timestamp? = nil, maxRecords: Int? = nil) {
        self.stopAt = stopAt
        self.maxRecords = maxRecords
    }

    /// No limit.
    public static let none = FetchLimits()
}
