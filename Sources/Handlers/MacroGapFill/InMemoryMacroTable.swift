import Synchronization
public import Timekeeping

/// ``MacroTable`` in memory, for unit tests of the handler: items as field → value maps, written with the same
/// merge rules as the DynamoDB table, and a count of scans and writes.
public final class InMemoryMacroTable: MacroTable {
    /// One stored item: numbers, other values (as text), the `unavailable` map and the bookkeeping attributes.
    public struct Item: Sendable, Hashable {
        public var numbers: [String: Double] = [:]
        public var others: [String: String] = [:]
        public var unavailable: [String: String] = [:]
        public var filledAt: Timestamp?
        public var source: String?

        /// An item holding `numbers` and `others`.
        public init(
            numbers: [String: Double] = [:], others: [String: String] = [:], unavailable: [String: String] = [:]
        ) {
            self.numbers = numbers
            self.others = others
            self.unavailable = unavailable
        }
    }

    private let state: Mutex<(items: [CivilDate: Item], scans: Int, writes: Int)>

    /// A table holding `items`.
    public init(items: [CivilDate: Item] = [:]) {
        state = Mutex((items: items, scans: 0, writes: 0))
    }

    /// The items by date.
    public var items: [CivilDate: Item] { state.withLock { $0.items } }

    /// Scans and writes so far.
    public var counts: (scans: Int, writes: Int) { state.withLock { ($0.scans, $0.writes) } }

    public func scan(
        requiredFields: [String], progress: (@Sendable (Int) -> Void)?
    ) async throws(MacroGapFillError) -> MacroTableScan {
        let items = state.withLock { state in
            state.scans += 1
            return state.items
        }
        let scanned = items.keys.sorted().map { date in
            let item = items[date]!
            var fields: [String: FieldValueKind] = [:]
            for field in requiredFields {
                if item.numbers[field] != nil {
                    fields[field] = .number
                } else if item.others[field] != nil {
                    fields[field] = .other
                }
            }
            return ScannedItem(date: date, fields: fields, unavailable: item.unavailable)
        }
        progress?(scanned.count)
        return MacroTableScan(items: scanned, pages: 1, segments: 1)
    }

    public func write(_ update: MacroItemUpdate) async throws(MacroGapFillError) {
        state.withLock { state in
            state.writes += 1
            var item = state.items[update.date] ?? Item()
            for (field, value) in update.values {
                item.numbers[field] = value
                item.others[field] = nil
            }
            for field in update.clearUnavailable { item.unavailable[field] = nil }
            for (field, reason) in update.unavailable { item.unavailable[field] = reason.rawValue }
            item.filledAt = update.filledAt
            item.source = update.source
            state.items[update.date] = item
        }
    }
}
