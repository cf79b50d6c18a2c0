import Synchronization
import Timekeeping

/// What one fill did, added to by every partition at once: FRED calls and throttles, dates written, and the
/// fields the source had no value for.
final class FillTally: Sendable {
    struct Figures {
        var calls = 0
        var throttles = 0
        var writtenDates: Set<CivilDate> = []
        var unavailable: [String: Int] = [:]
        var unavailableDates: Set<CivilDate> = []
    }

    private let figures = Mutex(Figures())

    /// Adds a fetch's calls and throttles.
    func fetched(calls: Int, throttles: Int) {
        figures.withLock {
            $0.calls += calls
            $0.throttles += throttles
        }
    }

    /// Records a written date and the fields it lacks at the source.
    func wrote(_ update: MacroItemUpdate) {
        figures.withLock { figures in
            figures.writtenDates.insert(update.date)
            for field in update.unavailable.keys { figures.unavailable[field, default: 0] += 1 }
            if !update.unavailable.isEmpty { figures.unavailableDates.insert(update.date) }
        }
    }

    /// The figures so far.
    var current: Figures { figures.withLock { $0 } }
}
