import FREDConnector
import FREDFake
import MacroGapFill
import Synchronization
import Timekeeping

/// A ``MacroSeriesSource`` answering from the FRED fake's deterministic data without HTTP: one call per fetch,
/// counted as `SERIES@YEAR` (the window's last year); a series listed in `failing` as `SERIES` or `SERIES@YEAR`
/// throws (a series FRED keeps failing).
final class FakeDataSource: MacroSeriesSource {
    struct Failure: Error, CustomStringConvertible {
        var series: String
        var description: String { "FRED failed for \(series)" }
    }

    private let state = Mutex<(calls: [String], failing: Set<String>)>((calls: [], failing: []))

    init(failing: Set<String> = []) {
        state.withLock { $0.failing = failing }
    }

    /// Series fetched (`SERIES@YEAR`), in order.
    var fetchedSeries: [String] { state.withLock { $0.calls } }

    /// Stops failing.
    func heal() { state.withLock { $0.failing = [] } }

    var callsByKey: [String: Int] { ["key-1": state.withLock { $0.calls.count }] }

    var rejectedKeys: [String] { [] }

    func observations(seriesID: String, start: CivilDate, end: CivilDate) async throws -> FetchedSeries {
        let failing = state.withLock { state in
            state.calls.append("\(seriesID)@\(end.year)")
            return state.failing.contains(seriesID) || state.failing.contains("\(seriesID)@\(end.year)")
        }
        if failing { throw Failure(series: seriesID) }
        guard let data = FREDFakeData.series[seriesID] else { throw Failure(series: seriesID) }
        let observations = FREDFakeData.dates(of: data, from: start, through: end).map { date in
            FREDObservation(date: date, value: Double(FREDFakeData.valueText(of: data, on: date)))
        }
        let series = FREDSeries(id: seriesID, requestedStart: start, requestedEnd: end, observations: observations)
        return FetchedSeries(series: series, calls: 1)
    }
}
