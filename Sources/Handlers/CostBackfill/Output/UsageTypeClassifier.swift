/// Sorts Cost Explorer usage types into a few categories for the summary. Documented in
/// `Docs/cost-backfill.md`; the version string is written into every summary so a changed rule set is visible.
///
/// 1. A region prefix is removed: a leading token of 2–5 upper-case letters and digits before `-` (`USE1-`,
///    `EUC1-`, `APN1-`, `EU-`). `USE1-TimedStorage-ByteHrs` → `TimedStorage-ByteHrs`.
/// 2. The first rule whose marker occurs in the rest decides (case-sensitive):
///    - `storage`: `TimedStorage`, `EBS:VolumeUsage`, `EBS:SnapshotUsage`, `Storage`, `ByteHrs`
///    - `data_transfer`: `DataTransfer`, `Bytes`
///    - `compute`: `BoxUsage`, `SpotUsage`, `DedicatedUsage`, `HeavyUsage`, `InstanceUsage`, `NodeUsage`,
///      `Lambda-GB-Second`, `Lambda-Provisioned`, `Fargate`, `vCPU`
///    - `database`: `CapacityUnit`, `RequestUnits`, `RDS:`, `Aurora:`
///    - `requests`: `Request`, `API`, `Invocation`
///    - otherwise `other`.
public enum UsageTypeClassifier {
    /// The rule set's version, recorded in summaries.
    public static let version = "usage-type-v1"

    /// The categories in rule order, then `other`.
    public static let categories = ["storage", "data_transfer", "compute", "database", "requests", "other"]

    static let rules: [(category: String, markers: [String])] = [
        ("storage", ["TimedStorage", "EBS:VolumeUsage", "EBS:SnapshotUsage", "Storage", "ByteHrs"]),
        ("data_transfer", ["DataTransfer", "Bytes"]),
        (
            "compute",
            [
                "BoxUsage", "SpotUsage", "DedicatedUsage", "HeavyUsage", "InstanceUsage", "NodeUsage",
                "Lambda-GB-Second", "Lambda-Provisioned", "Fargate", "vCPU",
            ]
        ),
        ("database", ["CapacityUnit", "RequestUnits", "RDS:", "Aurora:"]),
        ("requests", ["Request", "API", "Invocation"]),
    ]

    /// The category of `usageType`.
    public static func category(of usageType: String) -> String {
        let name = withoutRegion(usageType)
        for rule in rules where rule.markers.contains(where: { name.contains($0) }) {
            return rule.category
        }
        return "other"
    }

    /// `usageType` without its region prefix.
    static func withoutRegion(_ usageType: String) -> Substring {
        guard let dash = usageType.firstIndex(of: "-") else { return Substring(usageType) }
        let token = usageType[..<dash]
        let isRegion =
            (2...5).contains(token.count)
            && token.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber) }
            && token.first?.isLetter == true
        return isRegion ? usageType[usageType.index(after: dash)...] : Substring(usageType)
    }

    /// Whether a usage unit measures stored volume in GB-months (`GB-Mo`, `GB-Month`).
    static func isStorageVolume(unit: String) -> Bool {
        unit == "GB-Mo" || unit == "GB-Month" || unit == "GB-month"
    }
}
