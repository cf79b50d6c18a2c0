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

    /// The period in nanoseconds.
    var periodNanoseconds: Int64 {
        let (seconds, attoseconds) = period.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}

/// The generic cell rate algorithm as a value: it keeps one "theoretical arrival time" (TAT) and says, for a
/// request at a given time, exactly how long it must wait. Times are nanoseconds; the TAT is kept in units of
/// 1/`rate` nanosecond relative to a moving origin, so rates that do not divide the period evenly never drift.
public struct GCRA: Sendable, Hashable {
    /// The limit enforced.
    public var limit: RateLimit
    private var origin: Int64?
    /// TAT − origin, in nanoseconds × rate.
    private var scaledArrival: Int64 = 0

    /// A fresh limiter state for `limit`.
    public init(limit: RateLimit) {
        self.limit = limit
    }

    /// How long a request at `now` would wait (nanoseconds), without reserving.
    public func wait(at now: Int64) -> Int64 {
        guard let origin else { return 0 }
        let rate = Int64(limit.rate)
        let scaledNow = (now - origin) * rate
        let tolerance = limit.periodNanoseconds * Int64(limit.burst - 1)
        let scaledWait = max(scaledArrival, scaledNow) - tolerance - scaledNow
        return scaledWait <= 0 ? 0 : (scaledWait + rate - 1) / rate
    }

    /// Reserves the next slot for a request arriving at `now`; returns how long it must wait (0 to go at once).
    public mutating func reserve(at now: Int64) -> Int64 {
        if origin == nil { origin = now }
        let wait = wait(at: now)
        let rate = Int64(limit.rate)
        let period = limit.periodNanoseconds
        let origin = self.origin ?? now
        scaledArrival = max(scaledArrival, (now - origin) * rate) + period
        // Move the origin forward by whole periods (exact in both scales) so the numbers stay small.
        let shift = min(max(now - origin, 0) / period, scaledArrival / (period * rate))
        if shift > 0 {
            self.origin = origin + shift * period
            scaledArrival -= shift * period * rate
        }
        return wait
    }
}
