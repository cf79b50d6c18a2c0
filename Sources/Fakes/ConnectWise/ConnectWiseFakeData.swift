public import JSON
import SourceConnector
public import Timekeeping

/// The deterministic records the ConnectWise fake serves: `count` per table, ids `1…count`, update times spread
/// evenly over `span` from `origin` (whole seconds, rising with the id), with nested objects, arrays, nulls and
/// a few odd values (Unicode, quotes, line breaks, large numbers). Nothing is stored: record `i` is computed.
public struct ConnectWiseFakeData: Sendable {
    /// The tables the fake knows, as their REST paths.
    public static let tables = ["service/tickets", "time/entries", "company/companies"]

    public var origin: Timestamp
    public var span: Duration
    /// Records per table.
    public var count: Int

    public init(
        origin: Timestamp = CivilDate(year: 2023, month: 1, day: 1).startTimestamp,
        span: Duration = .seconds(730 * 86_400),
        count: Int = 500
    ) {
        self.origin = origin
        self.span = span
        self.count = count
    }

    /// The update time of record `index` (0-based), in whole seconds.
    public func updated(_ index: Int) -> Timestamp {
        let spanSeconds = span.components.seconds
        let offset = Int64(index) * spanSeconds / Int64(max(count, 1))
        return Timestamp(secondsSince1970: origin.secondsSince1970 + offset)
    }

    /// The index of the first record updated at or after `time` (`count` when none is).
    public func firstIndex(atOrAfter time: Timestamp) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if updated(middle) < time { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The records whose update time lies in `[start, end)`, as an index range.
    public func indices(from start: Timestamp?, to end: Timestamp?) -> Range<Int> {
        let lower = start.map(firstIndex(atOrAfter:)) ?? 0
        let upper = end.map(firstIndex(atOrAfter:)) ?? count
        return lower..<max(lower, upper)
    }

    /// Record `index` of `table`, updated at `updated` (rendered as given when `updatedText` is set).
    public func record(table: String, index: Int, updated: Timestamp, updatedText: String? = nil) -> JSONObject {
        let id = Int64(index + 1)
        let stamp = updatedText ?? SourceWindow.isoSeconds(updated)
        let entered = SourceWindow.isoSeconds(updated - .seconds(86_400 * Int64(index % 30)))
        let info: JSONValue = [
            "lastUpdated": .string(stamp), "updatedBy": .string(["admin", "tech1", "api-sync"][index % 3]),
            "dateEntered": .string(entered),
        ]
        var record: JSONObject = ["id": .int(id)]
        switch table {
        case "service/tickets":
            record["summary"] = .string(Self.odd(index, plain: "Printer on floor \(index % 9) offline"))
            record["board"] = [
                "id": .int(Int64(index % 4 + 1)),
                "name": .string(["Help Desk", "Projects", "NOC", "Field"][index % 4]),
            ]
            record["status"] = [
                "id": .int(Int64(index % 5 + 10)),
                "name": .string(["New", "In Progress", "Waiting", "Closed", "Re-opened"][index % 5]),
            ]
            record["company"] = ["id": .int(Int64(index % 17 + 100)), "identifier": .string("Client\(index % 17)")]
            record["priority"] =
                index % 6 == 0 ? .null : ["id": .int(Int64(index % 4 + 1)), "sort": .int(Int64(index % 4))]
            record["budgetHours"] = index % 3 == 0 ? .null : .double(Double(index % 40) / 4)
            record["closedFlag"] = .bool(index % 5 == 3)
            record["customFields"] = .array(
                index % 4 == 0 ? [] : [["id": 7, "caption": "SLA", "value": .string("gold")]])
            record["tags"] = .array((0..<(index % 3)).map { .string("tag\($0)") })
        case "time/entries":
            record["chargeToId"] = .int(Int64(index % 250 + 1))
            record["chargeToType"] = .string(index % 2 == 0 ? "ServiceTicket" : "ProjectTicket")
            record["member"] = ["id": .int(Int64(index % 12 + 1)), "identifier": .string("tech\(index % 12)")]
            record["actualHours"] = .double(Double(index % 16) / 4 + 0.25)
            record["billableOption"] = .string(["Billable", "DoNotBill", "NoCharge"][index % 3])
            record["notes"] = index % 7 == 0 ? .null : .string(Self.odd(index, plain: "Worked on ticket"))
            record["timeStart"] = .string(entered)
        default:
            record["identifier"] = .string("Client\(index)")
            record["name"] = .string(Self.odd(index, plain: "Company \(index) Ltd"))
            record["status"] = ["id": 1, "name": "Active"]
            record["types"] = .array([
                ["id": .int(Int64(index % 3 + 1)), "name": .string(["Client", "Prospect", "Vendor"][index % 3])]
            ])
            record["annualRevenue"] = index % 11 == 0 ? .int(9_007_199_254_740_993) : .double(Double(index) * 1000.5)
            record["website"] = index % 2 == 0 ? .null : .string("https://client\(index).example")
        }
        record["_info"] = info
        return record
    }

    /// A few texts that stress writers and readers: Unicode, quotes, a line break, an empty string.
    static func odd(_ index: Int, plain: String) -> String {
        switch index % 50 {
        case 7: "Ünïcödé ✓ 日本語 \u{1F600}"
        case 19: "quote \" backslash \\ tab \t end"
        case 31: "line one\nline two"
        case 43: ""
        default: plain
        }
    }
}
