public import Timekeeping

/// Decides whether and when a failed attempt is retried: standard mode's attempt limit, exponential backoff with
/// full jitter (`random() * min(2^(attempt-1), 20)` s), the shared retry quota, and the server's wait hints; in
/// adaptive mode also the client-side rate limiter. A value that returns decisions; `AWSClient` performs them.
public struct RetryStrategy: Sendable {
    /// What to do after a failed attempt.
    public enum Decision: Sendable, Equatable {
        /// Wait, then try again; `cost` quota tokens were taken (returned when the retry succeeds).
        case retry(after: Duration, cost: Int)
        /// Give up and surface the error; `reason` says why when it is not the error itself.
        case fail(reason: String?)
    }

    public let configuration: AWSRetryConfiguration
    public let quota: RetryQuota
    /// Present in adaptive mode.
    public let limiter: AdaptiveRateLimiter?
    private let random: @Sendable () -> Double

    /// - Parameter random: a uniform value in `0..<1`, injected so backoff is testable.
    public init(
        configuration: AWSRetryConfiguration,
        now: Timestamp,
        random: @escaping @Sendable () -> Double
    ) {
        self.configuration = configuration
        self.quota = RetryQuota(capacity: configuration.quotaCapacity)
        self.limiter = configuration.mode == .adaptive ? AdaptiveRateLimiter(now: now) : nil
        self.random = random
    }

    /// The decision after attempt number `attempt` (1 for the first) failed with `error`; `maxAttempts`
    /// overrides the configured attempts for this call.
    public func decide(after error: AWSError, attempt: Int, maxAttempts: Int? = nil) -> Decision {
        guard RetryClassifier.classify(error) != .notRetryable else { return .fail(reason: nil) }
        guard attempt < (maxAttempts ?? configuration.maxAttempts) else { return .fail(reason: nil) }
        let cost = RetryClassifier.isTimeout(error) ? configuration.timeoutRetryCost : configuration.retryCost
        guard quota.acquire(cost) else { return .fail(reason: "retry quota exhausted") }
        return .retry(after: delay(attempt: attempt, hint: error.retryAfter), cost: cost)
    }

    /// Records a success: returns the last retry's cost to the quota, or one token when no retry was needed.
    public func recordSuccess(lastRetryCost: Int?) {
        quota.release(lastRetryCost ?? 1)
    }

    /// The wait before retry number `attempt`: the server's hint when it gave one, else full-jitter backoff.
    func delay(attempt: Int, hint: Duration?) -> Duration {
        if let hint { return min(max(hint, .zero), configuration.maxRetryAfter) }
        let exponent = min(attempt - 1, 30)
        let ceiling = min(Double(1 << exponent), configuration.maxBackoff.seconds)
        let seconds = min(max(random(), 0), 1) * ceiling
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }
}
