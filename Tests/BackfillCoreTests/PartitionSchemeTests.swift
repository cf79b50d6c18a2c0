import BackfillCore
import Testing
import Timekeeping

@Suite("Partitions")
struct PartitionSchemeTests {
    let january = CivilDate(year: 2025, month: 1, day: 1)

    @Test("months cover partial months and key as YYYY-MM, newest first on request")
    func months() throws {
        let partitions = try PartitionScheme.months.partitions(
            from: CivilDate(year: 2024, month: 11, day: 15),
            through: CivilDate(year: 2025, month: 2, day: 3),
            order: .newestFirst
        )
        #expect(partitions.map(\.key) == ["2025-02", "2025-01", "2024-12", "2024-11"])
        #expect(partitions.last?.first == CivilDate(year: 2024, month: 11, day: 1))
        #expect(partitions.first?.last == CivilDate(year: 2025, month: 2, day: 28))
    }

    @Test("days key as YYYY-MM-DD")
    func days() throws {
        let partitions = try PartitionScheme.days.partitions(
            from: CivilDate(year: 2024, month: 2, day: 28),
            through: CivilDate(year: 2024, month: 3, day: 1)
        )
        #expect(partitions.map(\.key) == ["2024-02-28", "2024-02-29", "2024-03-01"])
    }

    @Test("trading days skip weekends, holidays and special closures")
    func tradingDays() throws {
        let partitions = try PartitionScheme.tradingDays(.nyse).partitions(
            from: CivilDate(year: 2025, month: 1, day: 6),
            through: CivilDate(year: 2025, month: 1, day: 13)
        )
        #expect(partitions.map(\.key) == ["2025-01-06", "2025-01-07", "2025-01-08", "2025-01-10", "2025-01-13"])
    }

    @Test("N-day windows, clamped to month ends when asked")
    func windows() throws {
        let end = CivilDate(year: 2025, month: 2, day: 10)
        let plain = try PartitionScheme.windows(days: 14, clampToMonthEnd: false).partitions(
            from: january, through: end)
        #expect(plain.map(\.key) == ["2025-01-01..2025-01-14", "2025-01-15..2025-01-28", "2025-01-29..2025-02-10"])
        let clamped = try PartitionScheme.windows(days: 14, clampToMonthEnd: true).partitions(
            from: january, through: end)
        #expect(
            clamped.map(\.key) == [
                "2025-01-01..2025-01-14", "2025-01-15..2025-01-28", "2025-01-29..2025-01-31",
                "2025-02-01..2025-02-10",
            ]
        )
        #expect(clamped.compactMap(\.dayCount).reduce(0, +) == 41)
    }

    @Test("invalid ranges and window sizes are rejected")
    func invalid() {
        #expect(throws: BackfillCoreError.self) {
            try PartitionScheme.days.partitions(from: january.adding(days: 1), through: january)
        }
        #expect(throws: BackfillCoreError.self) {
            try PartitionScheme.windows(days: 0, clampToMonthEnd: false).partitions(from: january, through: january)
        }
    }

    @Test("explicit lists deduplicate and sort on request", arguments: [PartitionOrder.oldestFirst, .newestFirst])
    func explicit(order: PartitionOrder) {
        let list = PartitionScheme.explicit(
            ["2025-11-21", "2025-11", "2025-11-21", "2025-01-01..2025-01-31"],
            order: order
        )
        let keys = ["2025-01-01..2025-01-31", "2025-11", "2025-11-21"]
        #expect(list.map(\.key) == (order == .oldestFirst ? keys : keys.reversed()))
    }

    @Test("keys parse back into date partitions; other keys stay opaque")
    func parsing() {
        #expect(Partition.parse("2025-11").dayCount == 30)
        #expect(Partition.parse("2025-01-01..2025-01-31").dayCount == 31)
        #expect(Partition.parse("2025-11-21") == .day(CivilDate(year: 2025, month: 11, day: 21)))
        #expect(Partition.parse("tenant-a").dayCount == nil)
        #expect(Partition.parse("2025-13").first == nil)
        #expect(Partition.parse("2025-02-01..2025-01-01").first == nil)
    }
}
