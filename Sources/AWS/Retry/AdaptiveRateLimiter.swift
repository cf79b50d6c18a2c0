import Synchronization
public import Timekeeping

#if canImport(Glibc)
    import Glibc
#endif

/// The client-side rate limiter of AWS's `adaptive` retry mode: a token bucket whose fill rate follows CUBIC
/// congestion control. Until the first throttle it does nothing; a throttle cuts the rate to 70 % of the measured
/// send rate, and successes grow it back along a cubic curve toward (and past) the rate that was throttled.
public final class AdaptiveRateLimiter: Sendable {
    private let state: Mutex<AdaptiveRateState>

    public init(now: Timestamp) {
        state = Mutex(AdaptiveRateState(now: now.secondsDouble))
    }

    /// Takes one token; returns how long to wait first (zero while the limiter is disabled or tokens remain).
    public func acquire(now: Timestamp) -> Duration {
        let seconds = state.withLock { $0.acquire(now: now.secondsDouble) }
        return .milliseconds(Int64((seconds * 1000).rounded(.up)))
    }

    /// Records a response: a throttle lowers the rate, anything else lets it grow.
    public func record(now: Timestamp, throttled: Bool) {
        state.withLock { $0.update(now: now.secondsDouble, throttled: throttled) }
    }

    /// The current fill rate in requests per second, and whether throttling has switched the limiter on.
    public var currentRate: (rate: Double, enabled: Bool) {
        state.withLock { ($0.fillRate, $0.enabled) }
    }
}

/// The limiter's state and arithmetic, a value type so every transition is easy to test.
struct AdaptiveRateState: Sendable {
    static let minFillRate = 0.5
    static let minCapacity = 1.0
    static let smoothing = 0.8
    static let beta = 0.7
    static let scaleConstant = 0.4
    static let bucketsPerSecond = 2.0

    private(set) var fillRate = minFillRate
    private(set) var enabled = false
    private var maxCapacity = minCapacity
    private var capacity = 0.0
    private var lastRefill: Double?
    private var measuredRate = 0.0
    private var lastBucket: Double
    private var requestCount = 0.0
    private var maxRate = 0.0
    private var lastThrottle: Double
    private var timeWindow = 0.0

    init(now: Double) {
        lastBucket = (now * Self.bucketsPerSecond).rounded(.down) / Self.bucketsPerSecond
        lastThrottle = now
    }

    /// Consumes a token and returns the seconds to wait for it.
    mutating func acquire(now: Double) -> Double {
        guard enabled else { return 0 }
        refill(now: now)
        if capacity >= 1 {
            capacity -= 1
            return 0
        }
        let wait = (1 - capacity) / fillRate
        capacity -= 1  // the token is spoken for; refills after the wait bring it back to zero
        return wait
    }

    mutating func update(now: Double, throttled: Bool) {
        let measured = measureRate(now: now)
        let newRate: Double
        if throttled {
            let rateToUse = enabled ? min(measured, fillRate) : measured
            maxRate = rateToUse
            timeWindow = Self.cubeRoot(maxRate * (1 - Self.beta) / Self.scaleConstant)
            lastThrottle = now
            newRate = rateToUse * Self.beta
            enabled = true
        } else {
            let elapsed = now - lastThrottle
            newRate = Self.scaleConstant * Self.cube(elapsed - timeWindow) + maxRate
        }
        setRate(min(newRate, 2 * measured), now: now)
    }

    private mutating func setRate(_ rate: Double, now: Double) {
        refill(now: now)
        fillRate = max(rate, Self.minFillRate)
        maxCapacity = max(rate, Self.minCapacity)
        capacity = min(capacity, maxCapacity)
    }

    private mutating func refill(now: Double) {
        defer { lastRefill = now }
        guard let lastRefill else { return }
        capacity = min(maxCapacity, capacity + (now - lastRefill) * fillRate)
    }

    private mutating func measureRate(now: Double) -> Double {
        let bucket = (now * Self.bucketsPerSecond).rounded(.down) / Self.bucketsPerSecond
        requestCount += 1
        if bucket > lastBucket {
            let current = requestCount / (bucket - lastBucket)
            measuredRate = current * Self.smoothing + measuredRate * (1 - Self.smoothing)
            requestCount = 0
            lastBucket = bucket
        }
        return measuredRate
    }

    private static func cube(_ value: Double) -> Double { value * value * value }

    private static func cubeRoot(_ value: Double) -> Double {
        cbrt(value)
    }
}

extension Timestamp {
    /// Seconds since 1970 with millisecond fraction.
    var secondsDouble: Double { Double(millisecondsSince1970) / 1000 }
}
