import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Where code gets the current time and waits: the system clock in production, a manual one in tests, so
/// retries, leases, deadlines and rate limits are tested without sleeping.
public protocol TimeSource: Sendable {
    /// The current wall-clock time.
    var now: Timestamp { get }
    /// Suspends for `duration` (a test source may only advance its virtual time).
    func sleep(for duration: Duration) async throws
}

/// The real clock: `clock_gettime(CLOCK_REALTIME)` and `Task.sleep`.
public struct SystemTimeSource: TimeSource {
    public init() {}

    public var now: Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(millisecondsSince1970: Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000)
    }

    public func sleep(for duration: Duration) async throws {
        if duration > .zero { try await Task.sleep(for: duration) }
    }
}
