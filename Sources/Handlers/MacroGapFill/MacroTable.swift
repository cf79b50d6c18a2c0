public import Timekeeping

/// What a scan of the macro table returned: the items as the gap scan needs them, and what could not be read.
public struct MacroTableScan: Sendable, Hashable {
    /// Items with a readable `date` key.
    public var items: [ScannedItem]
    /// `date` keys that are not `YYYY-MM-DD` (reported, never fatal), at most 20 of them.
    public var malformedDates: [String]
    /// How many items had an unreadable `date` key.
    public var malformedCount: Int
    /// Scan pages read, over all segments.
    public var pages: Int
    /// Parallel Scan segments used.
    public var segments: Int

    /// Creates a scan result.
    public init(items: [ScannedItem], malformedDates: [String] = [], malformedCount: Int = 0, pages: Int, segments: Int)
    {
        self.items = items
        self.malformedDates = malformedDates
        self.malformedCount = malformedCount
        self.pages = pages
        self.segments = segments
    }
}

/// The write for one date: the fetched fields, the fields the source had no value for, and bookkeeping.
public struct MacroItemUpdate: Sendable, Hashable {
    public var date: CivilDate
    /// Field → value, written as numbers.
    public var values: [String: Double]
    /// Field → reason, merged into the item's `unavailable` map.
    public var unavailable: [String: UnavailableReason]
    /// Fields whose earlier `unavailable` entry should go (a retry found a value).
    public var clearUnavailable: Set<String>
    /// When the fill wrote the item (`filled_at`, RFC 3339).
    public var filledAt: Timestamp
    /// Where the values came from (`source`, e.g. `FRED`).
    public var source: String

    /// An update of `date`; by default every field given a value also loses any `unavailable` entry.
    public init(
        date: CivilDate, values: [String: Double], unavailable: [String: UnavailableReason] = [:],
        clearUnavailable: Set<String>? = nil, filledAt: Timestamp, source: String = "FRED"
    ) {
        self.date = date
        self.values = values
        self.unavailable = unavailable
        self.clearUnavailable = clearUnavailable ?? Set(values.keys)
        self.filledAt = filledAt
        self.source = source
    }

    /// An update from a resolved date.
    public init(_ resolved: ResolvedDate, filledAt: Timestamp, source: String = "FRED") {
        self.init(
            date: resolved.date, values: resolved.values, unavailable: resolved.unavailable, filledAt: filledAt,
            source: source)
    }
}

/// The macro table as the gap-fill needs it: a projected scan and field-level writes that never clobber other
/// attributes. A DynamoDB implementation is ``DynamoDBMacroTable``; tests may use an in-memory one.
public protocol MacroTable: Sendable {
    /// Every item's `date`, the kinds of `requiredFields` it holds, and its `unavailable` map; `progress` is
    /// called after each page with the number of items read so far (over all segments).
    func scan(
        requiredFields: [String], progress: (@Sendable (Int) -> Void)?
    ) async throws(MacroGapFillError) -> MacroTableScan

    /// Sets the update's fields, `filled_at` and `source` on the item of its date (creating the item when there
    /// is none), merges its `unavailable` entries and removes the cleared ones; other attributes stay.
    func write(_ update: MacroItemUpdate) async throws(MacroGapFillError)
}
