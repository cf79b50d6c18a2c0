import Synchronization
public import Timekeeping

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
