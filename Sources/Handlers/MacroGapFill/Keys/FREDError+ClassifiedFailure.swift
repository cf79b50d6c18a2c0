public import BackfillCore
public import FREDConnector

extension FREDError: ClassifiedFailure {
    /// The wait a 429 without `Retry-After` pauses its key for (FRED counts requests per minute).
    public static let defaultRateLimitPause: Duration = .seconds(60)

    /// How ``RateLimitedCaller`` treats the failure: a 429 pauses its key (`Retry-After`, else 60 s) and the call
    /// moves to the next key; a rejected key leaves the ring; server and network trouble is retried with backoff;
    /// a bad request or a malformed answer is final.
    public var callFailure: CallFailure {
        switch code {
        case .rateLimited(let retryAfter): .throttled(retryAfter: retryAfter ?? Self.defaultRateLimitPause)
        case .rejectedKey: .rejectedKey
        case .server, .transport: .transient(retryAfter: nil)
        case .badRequest, .malformed, .invalidKeys: .fatal
        }
    }
}
