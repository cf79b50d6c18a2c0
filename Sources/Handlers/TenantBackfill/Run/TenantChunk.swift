public import Timekeeping

/// One chunk of a tenant backfill: a table and its window `[start, end)` in whole UTC days.
public struct TenantChunk: Sendable, Hashable {
    public var tenantID: String
    public var service: String
    public var table: String
    public var jobID: String
    public var start: CivilDate
    /// Exclusive: the next chunk's start.
    public var end: CivilDate
    /// 1-based position among the table's chunks, and their count (for the ingestion payload).
    public var number: Int
    public var total: Int

    public init(
        tenantID: String, service: String, table: String, jobID: String, start: CivilDate, end: CivilDate,
        number: Int = 1, total: Int = 1
    ) {
        self.tenantID = tenantID
        self.service = service
        self.table = table
        self.jobID = jobID
        self.start = start
        self.end = end
        self.number = number
        self.total = total
    }

    /// `{table}|{start}..{end}`.
    public var partitionKey: String { TenantRawLayout.partitionKey(table: table, start: start, end: end) }

    /// Days in the window.
    public var dayCount: Int { end.daysSinceEpochDifference(from: start) }

    /// The two halves of the window (the first one gets the extra day of an odd count), or nil for one day.
    public var halves: (TenantChunk, TenantChunk)? {
        guard dayCount > 1 else { return nil }
        let middle = start.adding(days: (dayCount + 1) / 2)
        var first = self
        first.end = middle
        var second = self
        second.start = middle
        return (first, second)
    }

    /// `[start, end)` windows of `chunkDays` days from `start` to `end` (the last one clipped).
    public static func windows(from start: CivilDate, to end: CivilDate, chunkDays: Int) -> [(CivilDate, CivilDate)] {
        var result: [(CivilDate, CivilDate)] = []
        var current = start
        while current < end {
            let next = min(current.adding(days: max(1, chunkDays)), end)
            result.append((current, next))
            current = next
        }
        return result
    }
}

extension CivilDate {
    /// Days from `other` to this date.
    func daysSinceEpochDifference(from other: CivilDate) -> Int { daysSince1970 - other.daysSince1970 }
}
