public import FREDConnector
public import Timekeeping

/// One fetched window of a series and what it cost.
public struct FetchedSeries: Sendable, Hashable {
    /// The observations of the window.
    public var series: FREDSeries
    /// FRED calls made (pages and retries included).
    public var calls: Int
    /// Rate-limit answers (429) received on the way.
    public var throttles: Int

    /// Creates a fetched window.
    public init(series: FREDSeries, calls: Int, throttles: Int = 0) {
        self.series = series
        self.calls = calls
        self.throttles = throttles
    }
}

/// Where the gap-fill gets its observations: FRED through the key ring (``PacedFREDSource``) or a test double.
public protocol MacroSeriesSource: Sendable {
    /// Every observation of `seriesID` between `start` and `end` (inclusive).
    func observations(seriesID: String, start: CivilDate, end: CivilDate) async throws -> FetchedSeries

    /// FRED calls made so far by this source, by key name (`key-1`, …); never the keys.
    var callsByKey: [String: Int] { get }

    /// Names of the keys FRED refused (taken out of the ring).
    var rejectedKeys: [String] { get }
}
