import HTTP

/// Sorts failures the way the AWS SDKs' standard retry mode does: throttling (retry, and slow down in adaptive
/// mode), transient (retry), or final.
public enum RetryClassifier {
    /// The class of a failure.
    public enum Classification: Sendable, Equatable {
        case throttling
        case transient
        case notRetryable
    }

    /// Error codes that mean "slow down".
    public static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown",
        "PriorRequestNotComplete", "EC2ThrottledException",
    ]

    /// Error codes that mean "try again".
    public static let transientCodes: Set<String> = [
        "RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure", "ServiceUnavailable",
    ]

    /// HTTP statuses that mean "try again".
    public static let transientStatuses: Set<Int> = [500, 502, 503, 504]

    /// Classifies an error returned by the client.
    public static func classify(_ error: AWSError) -> Classification {
        switch error.code {
        case .transport:
            if let http = error.underlying as? HTTPError { return http.isTransient ? .transient : .notRetryable }
            return .transient
        case .service:
            if let code = error.serviceCode {
                if throttlingCodes.contains(code) { return .throttling }
                if transientCodes.contains(code) { return .transient }
            }
            if error.status == 429 { return .throttling }
            if let status = error.status, transientStatuses.contains(status) { return .transient }
            return .notRetryable
        case .configuration, .credentials, .invalidResponse, .invalidRequest:
            return .notRetryable
        }
    }

    /// Whether the failure was a time-out (its retry costs more quota).
    static func isTimeout(_ error: AWSError) -> Bool {
        (error.underlying as? HTTPError)?.code == .timedOut || error.serviceCode == "RequestTimeout"
            || error.serviceCode == "RequestTimeoutException"
    }
}
