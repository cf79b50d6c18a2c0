import Synchronization
import Timekeeping

/// A clock that stays still: `sleep` records and yields without advancing, so two concurrent runners never see
/// each other's leases lapse because one of them waited (``ManualTimeSource`` would jump virtual time).
final class YieldingTimeSource: TimeSource {
    private let state = Mutex<(now: Timestamp, sleeps: Int)>((now: CostFixtures.today, sleeps: 0))

    var now: Timestamp { state.withLock { $0.now } }
    var sleepCount: Int { state.withLock { $0.sleeps } }

    func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        state.withLock { $0.sleeps += 1 }
        await Task.yield()
    }
}
