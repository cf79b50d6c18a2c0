/// How a failed source call is treated by ``RateLimitedCaller``.
public enum CallFailure: Sendable, Hashable {
    /// The source asked us to slow down (HTTP 429, a throttling error code): the key used is paused for
    /// `retryAfter` (or the backoff) and the call is retried, on another key of the ring when there is one.
    case throttled(retryAfter: Duration?)
    /// A failure that may pass (5xx, a dropped connection, a time-out): retried after a jittered backoff.
    case transient(retryAfter: Duration?)
    /// The credential itself was refused (an unregistered API key): it leaves the ring for good and the call is
    /// retried on another key; with no key left the error is thrown.
    case rejectedKey
    /// Retrying will not help (bad request, access denied, malformed answer): thrown at once.
    case fatal
}

/// An error that says how it should be treated; sources throw these so the caller needs no classifier.
public protocol ClassifiedFailure: Error {
    /// How the caller treats this failure.
    var callFailure: CallFailure { get }
}

/// What ``RateLimitedCaller`` settles for per call.
public struct CallPolicy: Sendable, Hashable {
    /// Attempts per call (first try plus retries); 1 means no retry.
    public var maxAttempts: Int
    /// The first backoff; each further retry doubles it.
    public var baseBackoff: Duration
    /// The longest backoff of our own choosing (and the cap on a transient failure's hint).
    public var maxBackoff: Duration
    /// The longest pause a throttling answer's `Retry-After` may impose on a key (the server is obeyed up to it).
    public var maxPause: Duration

    /// A policy; seven attempts, 0.5 s doubling up to 20 s, pauses of up to 15 minutes by default.
    public init(
        maxAttempts: Int = 7,
        baseBackoff: Duration = .milliseconds(500),
        maxBackoff: Duration = .seconds(20),
        maxPause: Duration = .seconds(900)
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseBackoff = baseBackoff
        self.maxBackoff = maxBackoff
        self.maxPause = maxPause
    }

    /// `baseBackoff × 2^(retry-1)`, at most `maxBackoff`.
    public func backoff(retry: Int) -> Duration {
        let factor = 1 << min(max(retry - 1, 0), 16)
        return min(baseBackoff * factor, maxBackoff)
    }
}

/// A call's value and what it took to get it.
public struct CallResult<Value: Sendable>: Sendable {
    /// What the call returned.
    public var value: Value
    /// Attempts made (1 when the first succeeded).
    public var attempts: Int
    /// Throttling answers received on the way.
    public var throttles: Int
}

/// The error a ``RateLimitedCaller`` throws when a call runs out of attempts or keys: the last failure, how
/// many attempts it made, and which keys were refused.
public struct CallExhaustedError: Error, Sendable, CustomStringConvertible {
    /// The last error the source threw.
    public var last: any Error
    /// Attempts made.
    public var attempts: Int
    /// Names (never values) of the keys refused during the call.
    public var rejectedKeys: [String]

    public var description: String {
        let keys = rejectedKeys.isEmpty ? "" : "; keys refused: \(rejectedKeys.joined(separator: ", "))"
        return "\(last) (gave up after \(attempts) attempt\(attempts == 1 ? "" : "s")\(keys))"
    }
}
