/// How failed calls are retried: AWS's `standard` mode, or `adaptive` (standard plus a client-side rate limit
/// that backs off under throttling), chosen by `AWS_RETRY_MODE` and `AWS_MAX_ATTEMPTS`.
public struct AWSRetryConfiguration: Sendable, Hashable {
    /// The retry mode. `legacy` (accepted in `AWS_RETRY_MODE`) is treated as `standard`.
    public enum Mode: String, Sendable, Hashable {
        case standard
        case adaptive
    }

    public var mode: Mode
    /// Total attempts, the first included (so 3 means up to two retries).
    public var maxAttempts: Int
    /// The longest wait between attempts from exponential backoff.
    public var maxBackoff: Duration
    /// The longest wait honoured from a server's `Retry-After` / `x-amz-retry-after`.
    public var maxRetryAfter: Duration
    /// The shared retry quota's capacity, and what a retry (or a retry after a time-out) costs.
    public var quotaCapacity: Int
    public var retryCost: Int
    public var timeoutRetryCost: Int

    public init(mode: Mode = .standard, maxAttempts: Int = 3) {
        self.mode = mode
        self.maxAttempts = max(1, maxAttempts)
        self.maxBackoff = .seconds(20)
        self.maxRetryAfter = .seconds(60)
        self.quotaCapacity = 500
        self.retryCost = 5
        self.timeoutRetryCost = 10
    }

    /// Reads `AWS_RETRY_MODE` (`standard`, `adaptive`, `legacy`) and `AWS_MAX_ATTEMPTS` (a positive integer).
    public init(environment: [String: String]) throws(AWSError) {
        var mode = Mode.standard
        if let text = environment["AWS_RETRY_MODE"]?.lowercased(), !text.isEmpty {
            switch text {
            case "standard", "legacy": mode = .standard
            case "adaptive": mode = .adaptive
            default:
                throw AWSError(
                    .configuration, "AWS_RETRY_MODE must be standard, adaptive or legacy, got \"\(text)\"")
            }
        }
        var attempts = 3
        if let text = environment["AWS_MAX_ATTEMPTS"], !text.isEmpty {
            guard let value = Int(text), value >= 1 else {
                throw AWSError(.configuration, "AWS_MAX_ATTEMPTS must be a positive integer, got \"\(text)\"")
            }
            attempts = value
        }
        self.init(mode: mode, maxAttempts: attempts)
    }
}
