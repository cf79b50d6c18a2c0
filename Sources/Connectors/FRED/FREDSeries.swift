public import Timekeeping

/// One observation of a FRED series: its date and value; nil when FRED reports `"."` (no value that day).
public struct FREDObservation: Sendable, Hashable {
    /// The observation date (for monthly and quarterly series, the first day of the period).
    public var date: CivilDate
    /// The value, or nil for FRED's `"."`.
    public var value: Double?

    /// Creates an observation.
    public init(date: CivilDate, value: Double?) {
        self.date = date
        self.value = value
    }
}

/// The observations of one series over a requested window, oldest first, as assembled from one or more pages.
public struct FREDSeries: Sendable, Hashable {
    /// The FRED series id (`DFF`, `CPIAUCSL`, …).
    public var id: String
    /// The window asked for (`observation_start`), nil when open.
    public var requestedStart: CivilDate?
    /// The window asked for (`observation_end`), nil when open.
    public var requestedEnd: CivilDate?
    /// The observations in the window, oldest first.
    public var observations: [FREDObservation]
    /// How many HTTP calls assembled this series (1 unless FRED paged the answer).
    public var calls: Int

    /// Creates a series.
    public init(
        id: String, requestedStart: CivilDate?, requestedEnd: CivilDate?, observations: [FREDObservation],
        calls: Int = 1
    ) {
        self.id = id
        self.requestedStart = requestedStart
        self.requestedEnd = requestedEnd
        self.observations = observations
        self.calls = calls
    }

    /// The observation dated exactly `date`, if any (binary search; observations are sorted).
    public func observation(on date: CivilDate) -> FREDObservation? {
        guard let index = lastIndex(onOrBefore: date), observations[index].date == date else { return nil }
        return observations[index]
    }

    /// The latest observation dated on or before `date`, if any.
    public func latest(onOrBefore date: CivilDate) -> FREDObservation? {
        lastIndex(onOrBefore: date).map { observations[$0] }
    }

    /// The first observation, if any.
    public var first: FREDObservation? { observations.first }

    private func lastIndex(onOrBefore date: CivilDate) -> Int? {
        var low = 0
        var high = observations.count
        while low < high {
            let middle = (low + high) / 2
            if observations[middle].date <= date { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? nil : low - 1
    }
}

/// One answer of `fred/series/observations`: a slice of the matching observations and FRED's paging figures.
public struct FREDObservationPage: Sendable, Hashable {
    /// The observations in this answer.
    public var observations: [FREDObservation]
    /// How many observations match the request in total (FRED's `count`).
    public var count: Int
    /// The position of the first observation of this answer (FRED's `offset`).
    public var offset: Int
    /// The most observations one answer may hold (FRED's `limit`).
    public var limit: Int

    /// Creates a page.
    public init(observations: [FREDObservation], count: Int, offset: Int, limit: Int) {
        self.observations = observations
        self.count = count
        self.offset = offset
        self.limit = limit
    }
}
