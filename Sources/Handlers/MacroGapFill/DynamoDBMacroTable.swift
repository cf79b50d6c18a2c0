public import AWS
import Synchronization
import Timekeeping

/// ``MacroTable`` on a DynamoDB table keyed by `date` (string): parallel Scan segments with a projection of
/// `date`, the required fields and `unavailable`; UpdateItem `SET` of the written fields only.
public struct DynamoDBMacroTable: MacroTable {
    /// The client.
    public let dynamo: DynamoDBClient
    /// The table name (`MACRO_TABLE`).
    public let tableName: String
    /// Parallel Scan segments.
    public let segments: Int
    /// Items evaluated per Scan page (nil: DynamoDB's 1 MB pages).
    public let pageLimit: Int?

    /// A table `tableName` read with `segments` parallel segments.
    public init(dynamo: DynamoDBClient, tableName: String, segments: Int = 4, pageLimit: Int? = nil) {
        self.dynamo = dynamo
        self.tableName = tableName
        self.segments = max(1, segments)
        self.pageLimit = pageLimit
    }

    public func scan(
        requiredFields: [String], progress: (@Sendable (Int) -> Void)?
    ) async throws(MacroGapFillError) -> MacroTableScan {
        var names: [String: String] = ["#d": "date", "#u": "unavailable"]
        for (index, field) in requiredFields.enumerated() { names["#f\(index)"] = field }
        let projection = (["#d", "#u"] + requiredFields.indices.map { "#f\($0)" }).joined(separator: ", ")
        let query = DynamoDBQuery(table: tableName, projection: projection, names: names, limit: pageLimit)
        let counter = ItemCounter()
        let segments = self.segments
        let pages: [[DynamoDBItem]]
        do {
            pages = try await withThrowingTaskGroup(of: [[DynamoDBItem]].self) { group in
                for segment in 0..<segments {
                    group.addTask {
                        var query = query
                        var pages: [[DynamoDBItem]] = []
                        repeat {
                            let page = try await dynamo.scan(query, segment: segment, totalSegments: segments)
                            pages.append(page.items)
                            query.exclusiveStartKey = page.lastEvaluatedKey
                            progress?(counter.add(page.items.count))
                        } while query.exclusiveStartKey != nil
                        return pages
                    }
                }
                var all: [[DynamoDBItem]] = []
                for try await segmentPages in group { all += segmentPages }
                return all
            }
        } catch {
            throw MacroGapFillError(.tableFailure, "scan of \(tableName) failed: \(error)")
        }
        var result = MacroTableScan(items: [], pages: pages.count, segments: segments)
        for item in pages.joined() {
            guard let text = item["date"]?.stringValue, let date = CivilDate(iso8601: text) else {
                result.malformedCount += 1
                if result.malformedDates.count < 20 {
                    result.malformedDates.append(item["date"]?.stringValue ?? "(no string date)")
                }
                continue
            }
            result.items.append(Self.scannedItem(date: date, item: item, requiredFields: requiredFields))
        }
        return result
    }

    public func write(_ update: MacroItemUpdate) async throws(MacroGapFillError) {
        let key: DynamoDBItem = ["date": .string(update.date.iso8601)]
        var names: [String: String] = ["#filled": "filled_at", "#source": "source", "#u": "unavailable"]
        var values: DynamoDBItem = [
            ":filled": .string(update.filledAt.iso8601), ":source": .string(update.source), ":empty": .map([:]),
        ]
        var sets = ["#filled = :filled", "#source = :source", "#u = if_not_exists(#u, :empty)"]
        for (index, field) in update.values.keys.sorted().enumerated() {
            names["#v\(index)"] = field
            values[":v\(index)"] = .number(update.values[field]!)
            sets.append("#v\(index) = :v\(index)")
        }
        do {
            try await dynamo.updateItem(
                table: tableName, key: key, update: "SET " + sets.joined(separator: ", "), names: names,
                values: values, returnValues: "NONE")
            // The map exists now; its entries change in a second expression (a path and its parent may not
            // appear in one update).
            let cleared = update.clearUnavailable.subtracting(update.unavailable.keys).sorted()
            guard !update.unavailable.isEmpty || !cleared.isEmpty else { return }
            var entryNames: [String: String] = ["#u": "unavailable"]
            var entryValues: DynamoDBItem = [:]
            var clauses: [String] = []
            let marked = update.unavailable.keys.sorted().enumerated().map { index, field in
                entryNames["#k\(index)"] = field
                entryValues[":r\(index)"] = .string(update.unavailable[field]!.rawValue)
                return "#u.#k\(index) = :r\(index)"
            }
            if !marked.isEmpty { clauses.append("SET " + marked.joined(separator: ", ")) }
            let removed = cleared.enumerated().map { index, field in
                entryNames["#c\(index)"] = field
                return "#u.#c\(index)"
            }
            if !removed.isEmpty { clauses.append("REMOVE " + removed.joined(separator: ", ")) }
            try await dynamo.updateItem(
                table: tableName, key: key, update: clauses.joined(separator: " "), names: entryNames,
                values: entryValues, returnValues: "NONE")
        } catch {
            throw MacroGapFillError(
                .tableFailure, "update of \(update.date.iso8601) in \(tableName) failed: \(error)",
                context: ["date": update.date.iso8601])
        }
    }

    static func scannedItem(date: CivilDate, item: DynamoDBItem, requiredFields: [String]) -> ScannedItem {
        var fields: [String: FieldValueKind] = [:]
        for field in requiredFields {
            guard let value = item[field] else { continue }
            if case .number(let text) = value, Double(text) != nil {
                fields[field] = .number
            } else {
                fields[field] = .other
            }
        }
        var unavailable: [String: String] = [:]
        for (field, reason) in item["unavailable"]?.mapValue ?? [:] {
            unavailable[field] = reason.stringValue ?? "unknown"
        }
        return ScannedItem(date: date, fields: fields, unavailable: unavailable)
    }
}

/// Items read so far over all segments, for progress.
private final class ItemCounter: Sendable {
    private let count = Mutex(0)

    /// Adds `items` and returns the new total.
    func add(_ items: Int) -> Int {
        count.withLock { count in
            count += items
            return count
        }
    }
}
