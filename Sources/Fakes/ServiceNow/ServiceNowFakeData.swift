public import JSON
import SourceConnector
public import Timekeeping

/// The deterministic records the ServiceNow fake serves: `count` per table with `sys_updated_on` spread evenly
/// over `span` from `origin` (whole seconds, rising with the index), and `sys_id`s that sort in the same order.
/// Values are strings as the Table API sends them, with reference fields, an array, nulls and odd texts.
/// Nothing is stored: record `i` is computed.
public struct ServiceNowFakeData: Sendable {
    /// The tables the fake knows.
    public static let tables = ["incident", "change_request", "problem"]

    public var origin: Timestamp
    public var span: Duration
    /// Records per table.
    public var count: Int

    public init(
        origin: Timestamp = CivilDate(year: 2024, month: 1, day: 1).startTimestamp,
        span: Duration = .seconds(730 * 86_400), count: Int = 500
    ) {
        self.origin = origin
        self.span = span
        self.count = count
    }

    /// The update time of record `index` (0-based), in whole seconds.
    public func updated(_ index: Int) -> Timestamp {
        let offset = Int64(index) * span.components.seconds / Int64(max(count, 1))
        return Timestamp(secondsSince1970: origin.secondsSince1970 + offset)
    }

    /// The records whose update time lies in `[start, end)`, as an index range.
    public func indices(from start: Timestamp?, to end: Timestamp?) -> Range<Int> {
        func first(_ time: Timestamp) -> Int {
            var low = 0
            var high = count
            while low < high {
                let middle = (low + high) / 2
                if updated(middle) < time { low = middle + 1 } else { high = middle }
            }
            return low
        }
        let lower = start.map(first) ?? 0
        let upper = end.map(first) ?? count
        return lower..<max(lower, upper)
    }

    /// The 32-hex-digit `sys_id` of record `index` of `table`; ids sort like the indices.
    public static func sysID(table: String, index: Int) -> String {
        let prefix: String =
            switch table {
            case "incident": "1a"
            case "change_request": "2b"
            default: "3c"
            }
        let digits = String(index, radix: 16)
        return prefix + String(repeating: "0", count: 30 - digits.count) + digits
    }

    /// Record `index` of `table`, updated at `updated` (rendered as given when `updatedText` is set); reference
    /// fields are plain sys_ids when `excludeReferenceLink`, else `{link, value}` objects on `instance`.
    public func record(
        table: String, index: Int, updated: Timestamp, updatedText: String? = nil, excludeReferenceLink: Bool,
        instance: String
    ) -> JSONObject {
        func reference(_ target: String, _ id: String) -> JSONValue {
            if id.isEmpty { return "" }
            if excludeReferenceLink { return .string(id) }
            return ["link": .string("\(instance)/api/now/table/\(target)/\(id)"), "value": .string(id)]
        }
        let prefix: String =
            switch table {
            case "incident": "INC"
            case "change_request": "CHG"
            default: "PRB"
            }
        let number = String(1_000_000 + index)
        let created = updated - .seconds(3_600 * Int64(index % 48))
        var record: JSONObject = [
            "sys_id": .string(Self.sysID(table: table, index: index)),
            "number": .string(prefix + number),
            "short_description": .string(Self.odd(index, plain: "\(prefix) \(index): VPN drops every hour")),
            "state": .string(String(index % 7 + 1)),
            "priority": .string(String(index % 5 + 1)),
            "active": .string(index % 4 == 0 ? "false" : "true"),
            "sys_created_on": .string(SourceWindow.spaceSeparated(created)),
            "sys_updated_on": .string(updatedText ?? SourceWindow.spaceSeparated(updated)),
            "sys_updated_by": .string(["admin", "itil", "integration"][index % 3]),
            "sys_mod_count": .string(String(index % 13)),
            "assigned_to": reference("sys_user", index % 5 == 0 ? "" : "5137153cc611227c000bbd1bd8cd2005"),
            "assignment_group": reference("sys_user_group", "8a5055c9c61122780043563ef53438e3"),
            "u_custom_score": index % 9 == 0 ? .null : .double(Double(index % 100) / 10),
            "u_tags": .array((0..<(index % 3)).map { .string("tag\($0)") }),
        ]
        if table == "incident" { record["caller_id"] = reference("sys_user", "681ccaf9c0a8016400b98a06818d57c7") }
        return record
    }

    /// A few texts that stress writers and readers.
    static func odd(_ index: Int, plain: String) -> String {
        switch index % 50 {
        case 5: "Ünïcödé ✓ 日本語 \u{1F600}"
        case 17: "quote \" backslash \\ tab \t end"
        case 29: "line one\nline two"
        case 41: ""
        default: plain
        }
    }
}
