import JSON

/// The deterministic data ``CostExplorerFake`` serves, so tests can compute what a month must contain.
///
/// Month `m` (year × 12 + month), workload `i`, usage type `j`: cost `((7m + 13i + 5j) mod 40 + 1) × 0.25` USD
/// and usage `((3m + 11i + 7j) mod 50 + 1) × 2` in the usage type's unit; quarters and even numbers are exact in
/// binary, so sums are exact. The cost category query answers each workload's total in its cost centre.
public enum CostExplorerFakeData {
    /// Workload tag values; the empty one is untagged cost.
    public static let workloads = ["chess", "poker", "lobby", "analytics", ""]
    /// Usage types with their units.
    public static let usageTypes: [(name: String, unit: String)] = [
        ("USE1-BoxUsage:t3.micro", "Hrs"), ("USE1-TimedStorage-ByteHrs", "GB-Mo"),
        ("EBS:VolumeUsage.gp3", "GB-Mo"), ("USE1-DataTransfer-Out-Bytes", "GB"), ("USE1-Requests-Tier1", "Requests"),
        ("USE1-Lambda-GB-Second", "Lambda-GB-Second"), ("USE1-ReadCapacityUnit-Hrs", "ReadCapacityUnit-Hrs"),
        ("USE1-CW:AlarmMonitorUsage", "Alarms"),
    ]
    /// The cost category and each workload's cost centre (untagged cost is uncategorized).
    public static let categoryName = "Team"
    public static let centres = ["chess": "Games", "poker": "Games", "lobby": "Platform", "analytics": "Data"]
    /// The account id failing months' messages name.
    public static let accountID = "123456789012"

    /// One usage group of a month.
    public struct Line: Sendable, Hashable {
        public var workload: String
        public var usageType: String
        public var unit: String
        public var cost: Double
        public var quantity: Double
    }

    /// Every usage group of `period` (`YYYY-MM`), workload by workload.
    public static func lines(_ period: String) -> [Line] {
        let parts = period.split(separator: "-")
        let month = (Int(parts.first ?? "") ?? 0) * 12 + (Int(parts.last ?? "") ?? 0)
        var lines: [Line] = []
        for (i, workload) in workloads.enumerated() {
            for (j, usage) in usageTypes.enumerated() {
                let cost = Double((7 * month + 13 * i + 5 * j) % 40 + 1) * 0.25
                let quantity = Double((3 * month + 11 * i + 7 * j) % 50 + 1) * 2
                lines.append(
                    Line(workload: workload, usageType: usage.name, unit: usage.unit, cost: cost, quantity: quantity))
            }
        }
        return lines
    }

    /// The GetCostAndUsage answer for `input`: the usage groups, or per-centre groups when grouped by a cost
    /// category, cut into pages of `pageSize` with `NextPageToken`.
    static func page(input: JSONValue, period: String, pageSize: Int, empty: Bool, estimated: Bool) -> JSONValue {
        let groupBy = input["GroupBy"]?.arrayValue ?? []
        let tag = groupBy.first { $0["Type"] == "TAG" }?["Key"]?.stringValue ?? "App"
        let category = groupBy.first { $0["Type"] == "COST_CATEGORY" }?["Key"]?.stringValue
        var groups: [JSONValue] = []
        if !empty {
            if let category {
                for workload in workloads {
                    let cost = lines(period).filter { $0.workload == workload }.reduce(0) { $0 + $1.cost }
                    groups.append(
                        group(
                            ["\(tag)$\(workload)", "\(category)$\(centres[workload] ?? "")"],
                            ["NetAmortizedCost": amount(cost, "USD")]))
                }
            } else {
                for line in lines(period) {
                    groups.append(
                        group(
                            ["\(tag)$\(line.workload)", line.usageType],
                            [
                                "NetAmortizedCost": amount(line.cost, "USD"),
                                "UsageQuantity": amount(line.quantity, line.unit),
                            ]))
                }
            }
        }
        let offset = Int(input["NextPageToken"]?.stringValue?.split(separator: ":").last ?? "0") ?? 0
        let end = min(offset + max(1, pageSize), groups.count)
        let slice = Array(groups[min(offset, end)..<end])
        var output: JSONObject = [
            "GroupDefinitions": .array(groupBy),
            "ResultsByTime": [
                [
                    "TimePeriod": input["TimePeriod"] ?? .null, "Total": [:], "Groups": .array(slice),
                    "Estimated": .bool(estimated),
                ]
            ],
            "DimensionValueAttributes": [],
        ]
        if end < groups.count { output["NextPageToken"] = .string("\(category == nil ? "usage" : "centres"):\(end)") }
        return .object(output)
    }

    static func group(_ keys: [String], _ metrics: JSONObject) -> JSONValue {
        ["Keys": .array(keys.map(JSONValue.string)), "Metrics": .object(metrics)]
    }

    static func amount(_ value: Double, _ unit: String) -> JSONValue {
        ["Amount": .string(String(value)), "Unit": .string(unit)]
    }
}
