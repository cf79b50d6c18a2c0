public import Timekeeping

/// Which FRED windows to fetch to fill a set of dates, in as few calls as the API allows.
///
/// Per series, each date needs a window ending on it: the date itself for daily series (reaching back
/// ``Options/dailyLookbackDays`` so a date before the series' start can be recognised), and for monthly and
/// quarterly series far enough back for the latest observation on or before it (plus 12 months for a series a
/// year-over-year field is computed from). Sorted windows are merged while the merged window stays within one
/// call's observations, so 1,300 dates over 25 years cost one call per series.
public struct FillPlan: Sendable, Hashable {
    /// Limits and look-backs of a plan.
    public struct Options: Sendable, Hashable {
        /// Observations one FRED answer holds (`limit` at most 100,000).
        public var maxObservationsPerCall = 100_000
        /// The most days between the first and last date one window serves, or nil for no bound (smaller
        /// windows give a tracked job finer steps to resume from, at the cost of more calls).
        public var maxSpanDays: Int?
        /// Days a daily series' window starts before a date.
        public var dailyLookbackDays = 7
        /// Months a monthly series' window starts before a date's month (publication lag).
        public var monthlyLookbackMonths = 6
        /// Months a quarterly series' window starts before a date's month.
        public var quarterlyLookbackMonths = 12
        /// Extra months for a series a year-over-year field is computed from.
        public var yearOverYearMonths = 12

        /// The defaults.
        public init() {}
    }

    /// One fetch: a series over a window, serving the plan's dates between `firstDate` and `lastDate`.
    public struct Fetch: Sendable, Hashable {
        public var seriesID: String
        public var frequency: SeriesFrequency
        /// `observation_start`.
        public var start: CivilDate
        /// `observation_end`.
        public var end: CivilDate
        /// The first and last plan date this window serves.
        public var firstDate: CivilDate
        public var lastDate: CivilDate
        /// How many plan dates this window serves.
        public var dateCount: Int
        /// An upper bound of the observations in the window.
        public var estimatedObservations: Int
        /// FRED calls this fetch needs (1 unless a window could not be kept within one answer).
        public var calls: Int

        /// A stable key for a tracker partition: `SERIES:START..END`.
        public var key: String { "\(seriesID):\(start.iso8601)..\(end.iso8601)" }
    }

    /// The dates to fill, sorted and distinct.
    public var dates: [CivilDate]
    /// The fetches, by series in field-map order, then by window.
    public var fetches: [Fetch]

    /// FRED calls the plan makes.
    public var calls: Int { fetches.reduce(0) { $0 + $1.calls } }

    /// FRED calls per date filled (0 without dates).
    public var callsPerDate: Double { dates.isEmpty ? 0 : Double(calls) / Double(dates.count) }

    /// The least time the calls take when `keys` keys each make `requestsPerMinute` (the first call of each
    /// key goes at once, then one every 60/rate seconds).
    public func minimumDuration(keys: Int, requestsPerMinute: Int) -> Duration {
        guard calls > 0, keys > 0, requestsPerMinute > 0 else { return .zero }
        let rounds = (calls + keys - 1) / keys - 1
        return .milliseconds(Int64(rounds) * 60_000 / Int64(requestsPerMinute))
    }

    /// The plan for `dates` under `fieldMap`.
    public init(dates: [CivilDate], fieldMap: MacroFieldMap, options: Options = Options()) {
        self.dates = Array(Set(dates)).sorted()
        var fetches: [Fetch] = []
        let yearOverYear = fieldMap.yearOverYearSeries
        for series in fieldMap.seriesToFetch where !self.dates.isEmpty {
            let extraMonths = yearOverYear.contains(series.id) ? options.yearOverYearMonths : 0
            fetches += Self.fetches(
                series: series.id, frequency: series.frequency, dates: self.dates, extraMonths: extraMonths,
                options: options)
        }
        self.fetches = fetches
    }

    /// The first day a date's window must reach back to.
    static func windowStart(
        of date: CivilDate, frequency: SeriesFrequency, extraMonths: Int, options: Options
    ) -> CivilDate {
        switch frequency {
        case .daily: date.adding(days: -options.dailyLookbackDays)
        case .monthly: date.firstOfMonth(adding: -(options.monthlyLookbackMonths + extraMonths))
        case .quarterly: date.firstOfMonth(adding: -(options.quarterlyLookbackMonths + extraMonths))
        }
    }

    /// An upper bound of the observations of a series between two dates.
    static func estimatedObservations(from start: CivilDate, through end: CivilDate, frequency: SeriesFrequency) -> Int
    {
        let days = end.daysSince1970 - start.daysSince1970 + 1
        let months = (end.year - start.year) * 12 + end.month - start.month + 1
        switch frequency {
        case .daily: return days
        case .monthly: return months
        case .quarterly: return months / 3 + 1
        }
    }

    private static func fetches(
        series: String, frequency: SeriesFrequency, dates: [CivilDate], extraMonths: Int, options: Options
    ) -> [Fetch] {
        let capacity = max(1, min(options.maxObservationsPerCall, 100_000))
        var result: [Fetch] = []
        func make(_ start: CivilDate, _ dates: ArraySlice<CivilDate>) -> Fetch {
            let end = dates.last!
            let estimate = estimatedObservations(from: start, through: end, frequency: frequency)
            return Fetch(
                seriesID: series, frequency: frequency, start: start, end: end, firstDate: dates.first!, lastDate: end,
                dateCount: dates.count, estimatedObservations: estimate,
                calls: max(1, (estimate + capacity - 1) / capacity))
        }
        var groupStart = 0
        var start = windowStart(of: dates[0], frequency: frequency, extraMonths: extraMonths, options: options)
        for index in dates.indices.dropFirst() {
            let date = dates[index]
            let fits =
                estimatedObservations(from: start, through: date, frequency: frequency) <= capacity
                && options.maxSpanDays.map { date.daysSince1970 - dates[groupStart].daysSince1970 + 1 <= $0 } ?? true
            if !fits {
                result.append(make(start, dates[groupStart..<index]))
                groupStart = index
                start = windowStart(of: date, frequency: frequency, extraMonths: extraMonths, options: options)
            }
        }
        result.append(make(start, dates[groupStart...]))
        return result
    }
}
