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

/// A virtual clock for tests. `sleep` never blocks: it advances virtual time by the duration and records it, so a
/// test sees exactly which waits the code under test asked for.
public final class ManualTimeSource: TimeSource {
    private let state: Mutex<(now: Timestamp, sleeps: [Duration])>

    public init(now: Timestamp = Timestamp(millisecondsSince1970: 1_763_712_000_000)) {
        state = Mutex((now: now, sleeps: []))
    }

    public var now: Timestamp { state.withLock { $0.now } }

    /// Every duration passed to `sleep`, in order.
    public var sleeps: [Duration] { state.withLock { $0.sleeps } }

    /// Moves virtual time forward.
    public func advance(by duration: Duration) {
        state.withLock { $0.now = $0.now + duration }
    }

    /// Sets virtual time.
    public func set(_ timestamp: Timestamp) {
        state.withLock { $0.now = timestamp }
    }

    public func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        state.withLock {
            $0.sleeps.append(duration)
            if duration > .zero { $0.now = $0.now + duration }
        }
        await Task.yield()
    }
}
