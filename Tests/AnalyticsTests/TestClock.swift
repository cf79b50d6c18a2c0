import Synchronization
import Timekeeping

/// A virtual clock for the Analytics tests. The Analytics branch's tests were written when the manual clock lived
/// in Timekeeping; main moved it to BackfillTesting, so this module keeps its own (same behaviour: `sleep`
/// advances virtual time and never blocks) until those tests import BackfillTesting.
final class ManualTimeSource: TimeSource {
    private let state: Mutex<Timestamp>

    init(now: Timestamp) { state = Mutex(now) }

    var now: Timestamp { state.withLock { $0 } }

    func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        state.withLock { if duration > .zero { $0 = $0 + duration } }
        await Task.yield()
    }
}
