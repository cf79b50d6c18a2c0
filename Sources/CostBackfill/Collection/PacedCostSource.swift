public import BackfillCore
public import Timekeeping

/// Keeps every Cost Explorer call within the shared request rate and retries the ones that may pass.
///
/// Each request (first attempts and retries alike) first takes a slot from one ``RateLimiter`` key, so all
/// months in flight together stay within `CE_MAX_RPS`. A throttling answer pauses that key for everyone
/// (the server's hint, or 0.5 s, 1 s, 2 s, … up to 20 s) before the call is retried; a transient failure waits
/// the same backoff for this call only. After `maxRetries` retries the last error is thrown.
public struct PacedCostSource: Sendable {
    /// The limiter key Cost Explorer requests are counted under.
    public static let limiterKey = "cost-explorer"

    /// The source being paced.
    public let source: any CostSource
    /// The shared limiter (one per process, so concurrent invocations share it too).
    public let limiter: RateLimiter
    /// The clock backoffs wait on.
    public let time: any TimeSource
    /// Retries per call before giving up.
    public var maxRetries: Int
    /// The first backoff; each retry doubles it.
    public var baseBackoff: Duration
    /// The longest backoff.
    public var maxBackoff: Duration

    /// A paced source allowing `maxRequestsPerSecond` requests a second, evenly spaced.
    public init(
        source: any CostSource,
        maxRequestsPerSecond: Int,
        time: any TimeSource,
        maxRetries: Int = 6,
        baseBackoff: Duration = .milliseconds(500),
        maxBackoff: Duration = .seconds(20)
    ) {
        self.source = source
        self.limiter = RateLimiter(time: time, defaultLimit: .perSecond(maxRequestsPerSecond))
        self.time = time
        self.maxRetries = maxRetries
        self.baseBackoff = baseBackoff
        self.maxBackoff = maxBackoff
    }

    /// One GetCostAndUsage page, and how many throttling answers it took to get it.
    public func costAndUsage(_ query: CostQuery, nextPageToken: String?) async throws -> (
        page: CostPage, throttles: Int
    ) {
        try await paced { try await source.costAndUsage(query, nextPageToken: nextPageToken) }
    }

    /// One GetCostCategories page, and how many throttling answers it took to get it.
    public func costCategoryNames(_ period: CostPeriod, nextPageToken: String?) async throws -> (
        page: CostCategoryPage, throttles: Int
    ) {
        try await paced { try await source.costCategoryNames(period, nextPageToken: nextPageToken) }
    }

    /// Runs `call` within the rate limit, retrying throttled and transient failures.
    func paced<Result: Sendable>(_ call: () async throws -> Result) async throws -> (page: Result, throttles: Int) {
        var throttles = 0
        var retries = 0
        while true {
            try await limiter.acquire(Self.limiterKey)
            do {
                return (try await call(), throttles)
            } catch var error as CostBackfillError where error.code == .throttled || error.code == .transient {
                guard retries < maxRetries else {
                    error.message += " (gave up after \(retries + 1) attempts)"
                    throw error
                }
                retries += 1
                let delay = min(error.retryAfter ?? backoff(retry: retries), maxBackoff)
                if error.code == .throttled {
                    throttles += 1
                    limiter.pause(Self.limiterKey, for: delay)
                } else {
                    try await time.sleep(for: delay)
                }
            }
        }
    }

    /// `baseBackoff × 2^(retry-1)`, at most `maxBackoff`.
    func backoff(retry: Int) -> Duration {
        let factor = 1 << min(max(retry - 1, 0), 16)
        return min(baseBackoff * factor, maxBackoff)
    }
}
