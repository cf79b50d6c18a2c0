public import FREDConnector
public import Timekeeping

/// Why a field has no value for a date; written to the item's `unavailable` map.
public enum UnavailableReason: String, Sendable, Hashable, CaseIterable {
    /// FRED has an observation for the date, but its value is `"."` (a bond-market holiday, a withheld figure).
    case noValue = "no_value"
    /// FRED has no observation for the date (or none on or before it in the fetched window).
    case noObservation = "no_observation"
    /// The date precedes the series' first observation (e.g. `DTWEXBGS` before 2006-01-02).
    case beforeSeriesStart = "before_series_start"
}

/// The field values of one date, and the reason for every field without one.
public struct ResolvedDate: Sendable, Hashable {
    public var date: CivilDate
    /// Field → value.
    public var values: [String: Double]
    /// Field → why it has no value.
    public var unavailable: [String: UnavailableReason]

    /// Creates a resolved date.
    public init(date: CivilDate, values: [String: Double], unavailable: [String: UnavailableReason]) {
        self.date = date
        self.values = values
        self.unavailable = unavailable
    }
}

/// Reads field values for dates out of fetched series: daily series by exact date, monthly and quarterly ones as
/// the latest observation on or before the date, and `cpi_yoy`-style fields as
/// `(value(date) / value(12 months earlier) − 1) × 100` on the base series' observations.
public struct ObservationResolver: Sendable {
    /// The fields and their series.
    public var fieldMap: MacroFieldMap
    /// Known first observations by series id; a date before one is `before_series_start` even when the fetched
    /// window did not reach back that far.
    public var seriesStarts: [String: CivilDate]

    /// A resolver for `fieldMap`.
    public init(fieldMap: MacroFieldMap, seriesStarts: [String: CivilDate] = [:]) {
        self.fieldMap = fieldMap
        self.seriesStarts = seriesStarts
    }

    /// The values of every field of the map whose series is in `series` (by id) for `date`; fields whose series
    /// was not fetched are left out of both maps.
    public func resolve(_ date: CivilDate, series: [String: FREDSeries]) -> ResolvedDate {
        var result = ResolvedDate(date: date, values: [:], unavailable: [:])
        for field in fieldMap.fields {
            let outcome: Outcome?
            switch field.source {
            case .series(let id, let frequency):
                outcome = series[id].map { lookUp(date, in: $0, frequency: frequency) }
            case .yearOverYear(let base):
                outcome = fieldMap.series(of: base).flatMap { base in
                    series[base.id].map { yearOverYear(date, in: $0, frequency: base.frequency) }
                }
            }
            switch outcome {
            case .value(let value)?: result.values[field.name] = value
            case .unavailable(let reason)?: result.unavailable[field.name] = reason
            case nil: break
            }
        }
        return result
    }

    /// ``resolve(_:series:)`` for each date, in order.
    public func resolve(_ dates: [CivilDate], series: [String: FREDSeries]) -> [ResolvedDate] {
        dates.map { resolve($0, series: series) }
    }

    /// Joins several fetched windows per series into one series per id (observations sorted, one per date).
    public static func merge(_ fetched: [FREDSeries]) -> [String: FREDSeries] {
        var result: [String: FREDSeries] = [:]
        for part in fetched {
            guard var whole = result[part.id] else {
                result[part.id] = part
                continue
            }
            var byDate: [CivilDate: FREDObservation] = [:]
            for observation in whole.observations + part.observations { byDate[observation.date] = observation }
            whole.observations = byDate.values.sorted { $0.date < $1.date }
            whole.requestedStart = Self.earlier(whole.requestedStart, part.requestedStart)
            whole.requestedEnd = whole.requestedEnd.flatMap { end in part.requestedEnd.map { max(end, $0) } }
            whole.calls += part.calls
            result[part.id] = whole
        }
        return result
    }

    /// A field's value for a date, or why there is none.
    private enum Outcome {
        case value(Double)
        case unavailable(UnavailableReason)
    }

    private func lookUp(
        _ date: CivilDate, in series: FREDSeries, frequency: SeriesFrequency
    ) -> Outcome {
        let observation = frequency == .daily ? series.observation(on: date) : series.latest(onOrBefore: date)
        guard let observation else { return .unavailable(absenceReason(date, in: series)) }
        guard let value = observation.value else { return .unavailable(.noValue) }
        return .value(value)
    }

    private func yearOverYear(
        _ date: CivilDate, in series: FREDSeries, frequency: SeriesFrequency
    ) -> Outcome {
        guard let current = series.latest(onOrBefore: date) else {
            return .unavailable(absenceReason(date, in: series))
        }
        guard let value = current.value else { return .unavailable(.noValue) }
        let yearEarlier = CivilDate(
            year: current.date.year - 1, month: current.date.month,
            day: min(current.date.day, CivilDate.daysIn(year: current.date.year - 1, month: current.date.month)))
        let base = frequency == .daily ? series.observation(on: yearEarlier) : series.latest(onOrBefore: yearEarlier)
        guard let base else { return .unavailable(absenceReason(yearEarlier, in: series)) }
        guard let baseValue = base.value, baseValue != 0 else { return .unavailable(.noValue) }
        return .value((value / baseValue - 1) * 100)
    }

    /// `before_series_start` when `date` precedes a known start, or precedes the first fetched observation while
    /// the window reached back further (so FRED had nothing earlier); `no_observation` otherwise.
    private func absenceReason(_ date: CivilDate, in series: FREDSeries) -> UnavailableReason {
        if let start = seriesStarts[series.id] { return date < start ? .beforeSeriesStart : .noObservation }
        guard let first = series.first else { return .noObservation }
        let windowReachedFurther = series.requestedStart.map { $0 < first.date } ?? true
        return date < first.date && windowReachedFurther ? .beforeSeriesStart : .noObservation
    }

    private static func earlier(_ lhs: CivilDate?, _ rhs: CivilDate?) -> CivilDate? {
        guard let lhs, let rhs else { return nil }
        return min(lhs, rhs)
    }
}
