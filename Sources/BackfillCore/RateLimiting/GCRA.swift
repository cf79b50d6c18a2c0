/// A rate limit: `rate` requests per `period`, with up to `burst` sent back to back.
public struct RateLimit: Sendable, Hashable {
    public var rate: Int
    public var period: Duration
    public var burst: Int

    /// `rate` per `period`; `burst` defaults to 1 (evenly spaced).
    public init(rate: Int, per period: Duration, burst: Int = 1) {
        self.rate = max(1, rate)
        self.period = period
        self.burst = max(1, burst)
    }

    /// `rate` per minute.
    public static func perMinute(_ rate: Int, burst: Int = 1) -> RateLimit {
        RateLimit(rate: rate, per: .seconds(60), burst: burst)
    }

    /// `rate` per second.
    public static func perSecond(_ rate: Int, burst: Int = 1) -> RateLimit {
        RateLimit(rate: rate, per: .seconds(1), burst: burst)
    }

    /// The spacing between requests at the sustained rate, in nanoseconds.
    var emissionNanoseconds: Int64 {
        let (seconds, attoseconds) = period.components
        return (seconds * 1_000_000_000 + attoseconds / 1_000_000_000) / Int64(rate)
    }
}

/// The generic cell rate algorithm as a value: it keeps one "theoretical arrival time" and says, for a request at a
/// given time, exactly how long it must wait. Times are nanoseconds on any monotonic or wall scale.
public struct GCRA: Sendable, Hashable {
    /// The limit enforced.
    public var limit: RateLimit
    /// The theoretical arrival time of the next request (nanoseconds), nil before the first.
    public private(set) var theoreticalArrival: Int64?

    /// A fresh limiter state for `limit`.
    public init(limit: RateLimit) {
        self.limit = limit
    }

    /// How long a request at `now` would wait, without reserving.
    public func wait(at now: Int64) -> Int64 {
        let tat = max(theoreticalArrival ?? now, now)
        let tolerance = limit.emissionNanoseconds * Int64(limit.burst - 1)
        return max(tat - tolerance - now, 0)
    }

    /// Reserves the next slot for a request arriving at `now`; returns how long it must wait (0 to go at once).
    public mutating func reserve(at now: Int64) -> Int64 {
        let wait = wait(at: now)
        theoreticalArrival = max(theoreticalArrival ?? now, now) + limit.emissionNanoseconds
        return wait
    }
}
