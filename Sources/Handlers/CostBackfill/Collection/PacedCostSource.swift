public import BackfillCore
public import Timekeeping

/// Cost Explorer through the platform's ``RateLimitedCaller``: every request (first attempts and retries alike)
/// takes a slot of one limit, so all months in flight together stay within `CE_MAX_RPS`; a throttling answer
/// pauses the limit for everyone (the server's hint, or 0.5 s, 1 s, 2 s, … up to 20 s) before the call is
/// retried; a transient failure waits a jittered backoff for this call only. After `maxRetries` retries the
/// last error is thrown, saying how many attempts were made.
public struct PacedCostSource: Sendable {
    /// The limiter key Cost Explorer requests are counted under.
    public static let limiterKey = "cost-explorer"

    /// The source being paced.
    public let source: any CostSource
    /// The shared caller (one per process, so concurrent invocations share its limit).
    public let caller: RateLimitedCaller<Void>

    /// A paced source allowing `maxRequestsPerSecond` requests a second, evenly spaced; with `sharedLimits` the
    /// rate holds in total across every invocation using that store (two concurrent backfills share it).
    public init(
        source: any CostSource,
        maxRequestsPerSecond: Int,
        time: any TimeSource,
        maxRetries: Int = 6,
        baseBackoff: Duration = .milliseconds(500),
        maxBackoff: Duration = .seconds(20),
        sharedLimits: (any SharedLimitStore)? = nil
    ) {
        self.source = source
        let limit = RateLimit.perSecond(maxRequestsPerSecond)
        self.caller = RateLimitedCaller(
            name: Self.limiterKey, limit: limit, time: time,
            policy: CallPolicy(
                maxAttempts: maxRetries + 1, baseBackoff: baseBackoff, maxBackoff: maxBackoff, maxPause: maxBackoff),
            shared: sharedLimits.map { SharedRateLimiter(store: $0, limit: limit, time: time) })
    }

    /// This process's limiter.
    public var limiter: RateLimiter { caller.limiter }

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

    /// Runs `call` through the caller; an exhausted call rethrows the source's last error with the attempts.
    func paced<Result: Sendable>(_ call: () async throws -> Result) async throws -> (page: Result, throttles: Int) {
        do {
            let result = try await caller.call(call)
            return (result.value, result.throttles)
        } catch let exhausted as CallExhaustedError {
            guard var error = exhausted.last as? CostBackfillError else { throw exhausted }
            error.message += " (gave up after \(exhausted.attempts) attempts)"
            throw error
        }
    }
}

extension CostBackfillError: ClassifiedFailure {
    /// Throttling pauses the shared limit; transient failures back off; everything else is final.
    public var callFailure: CallFailure {
        switch code {
        case .throttled: .throttled(retryAfter: retryAfter)
        case .transient: .transient(retryAfter: retryAfter)
        default: .fatal
        }
    }
}
