/// Where a month's objects live in the bucket, and which months a listing shows as present.
///
/// `{prefix}{YYYY-MM}/cost-by-workload.parquet`, `cost-by-usage-type.parquet`, then `summary.json` (written
/// last: a month is present only once its summary exists). A month written in progress also has
/// `in-progress.json`, written first and deleted after the month is rewritten complete, so a backfill never
/// skips a month that was only written up to some day. `{prefix}index.json` lists the months present.
public struct CostOutputLayout: Sendable, Hashable {
    /// Empty, or ending in `/`.
    public var prefix: String

    public static let summaryName = "summary.json"
    public static let workloadName = "cost-by-workload.parquet"
    public static let usageTypeName = "cost-by-usage-type.parquet"
    public static let inProgressName = "in-progress.json"

    /// A layout under `prefix` (empty or ending in `/`).
    public init(prefix: String) {
        self.prefix = prefix
    }

    /// `{prefix}{period}/{name}`.
    public func key(_ period: String, _ name: String) -> String { prefix + period + "/" + name }

    /// `{prefix}index.json`.
    public var indexKey: String { prefix + "index.json" }

    /// What a listing of the prefix shows.
    public struct Presence: Sendable, Hashable {
        /// Months with a summary and no in-progress marker: done.
        public var complete: Set<String> = []
        /// Months with a summary and an in-progress marker: written up to some day.
        public var inProgress: Set<String> = []
        /// Months with an in-progress marker (with or without a summary).
        public var markers: Set<String> = []

        /// Every month with a summary, sorted.
        public var periods: [String] { complete.union(inProgress).sorted() }
    }

    /// Reads the month folders out of `keys` (a listing of the prefix).
    public func presence(in keys: [String]) -> Presence {
        var summaries = Set<String>()
        var markers = Set<String>()
        for key in keys where key.hasPrefix(prefix) {
            let rest = key.dropFirst(prefix.count)
            guard let slash = rest.firstIndex(of: "/") else { continue }
            let period = String(rest[..<slash])
            guard Self.isMonthKey(period) else { continue }
            switch rest[rest.index(after: slash)...] {
            case Self.summaryName: summaries.insert(period)
            case Self.inProgressName: markers.insert(period)
            default: break
            }
        }
        return Presence(
            complete: summaries.subtracting(markers), inProgress: summaries.intersection(markers), markers: markers)
    }

    /// Whether `text` looks like `YYYY-MM`.
    static func isMonthKey(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 7, bytes[4] == UInt8(ascii: "-") else { return false }
        let digits = bytes[0..<4] + bytes[5..<7]
        guard digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return false }
        let month = Int(bytes[5] - UInt8(ascii: "0")) * 10 + Int(bytes[6] - UInt8(ascii: "0"))
        return (1...12).contains(month)
    }
}
