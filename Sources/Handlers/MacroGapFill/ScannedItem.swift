public import Timekeeping

/// What a field of a scanned item holds, as far as completeness is concerned.
public enum FieldValueKind: Sendable, Hashable {
    /// A number (DynamoDB `N`).
    case number
    /// Anything else (a string, null, a map…): present but unusable, so the item is incomplete.
    case other
}

/// One macro-table item as a scan sees it: its date, which projected fields it holds, and the fields earlier
/// fills recorded as unavailable at the source (field → reason).
public struct ScannedItem: Sendable, Hashable {
    public var date: CivilDate
    /// The projected fields present on the item, by kind.
    public var fields: [String: FieldValueKind]
    /// The item's `unavailable` map: fields the source had no value for, with the reason.
    public var unavailable: [String: String]

    /// Creates an item.
    public init(date: CivilDate, fields: [String: FieldValueKind], unavailable: [String: String] = [:]) {
        self.date = date
        self.fields = fields
        self.unavailable = unavailable
    }
}

/// A date the scan lists for backfill, with the required fields it lacks (all of them when it is missing).
public struct DateGap: Sendable, Hashable {
    public var date: CivilDate
    public var kind: GapKind
    /// Required fields absent or not numbers (sorted); for a missing date, every required field.
    public var lackingFields: [String]

    /// Creates a gap.
    public init(date: CivilDate, kind: GapKind, lackingFields: [String]) {
        self.date = date
        self.kind = kind
        self.lackingFields = lackingFields
    }
}

/// What a scan found over a range.
public struct GapScanResult: Sendable, Hashable {
    /// Days in the range an item is expected for (trading days, or weekdays).
    public var expectedDays: Int
    /// Items on expected days (complete or not).
    public var existingItems: Int
    /// Missing and incomplete dates, sorted by date: the dates to backfill.
    public var gaps: [DateGap]
    /// Dates whose only lacking fields are recorded as unavailable at the source (not gaps).
    public var unavailable: [CivilDate]
    /// Items on days the calendar says are closed (weekends, holidays): reported, never gaps.
    public var closedDayItems: [CivilDate]
    /// Items outside the scanned range (ignored).
    public var outOfRangeItems: Int

    /// Missing dates, sorted.
    public var missing: [CivilDate] { gaps.filter { $0.kind == .missing }.map(\.date) }
    /// Incomplete dates, sorted.
    public var incomplete: [CivilDate] { gaps.filter { $0.kind == .incomplete }.map(\.date) }
    /// The file listing the gaps.
    public var file: MissingDatesFile {
        MissingDatesFile(entries: gaps.map { MissingDatesFile.Entry(date: $0.date, kind: $0.kind) })
    }
}
