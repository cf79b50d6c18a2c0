import Synchronization
public import Timekeeping

/// A clock whose time moves only when a test (or simulated work) advances it; `sleep` records and yields
/// without advancing, so concurrent runners never see virtual time jump under each other (``ManualTimeSource``
/// would jump it on every wait).
public final class YieldingTimeSource: TimeSource {
    private let state: Mutex<(now: Timestamp, sleeps: Int)>

    /// A clock standing at `now`.
    public init(now: Timestamp = Timestamp(millisecondsSince1970: 1_763_712_000_000)) {
        state = Mutex((now: now, sleeps: 0))
    }

    public var now: Timestamp { state.withLock { $0.now } }

    /// How many times `sleep` was called.
    public var sleepCount: Int { state.withLock { $0.sleeps } }

    /// Moves time forward.
    public func advance(by duration: Duration) {
        state.withLock { $0.now = $0.now + duration }
    }

    public func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        state.withLock { $0.sleeps += 1 }
        await Task.yield()
    }
}
