/// A metric amount as Cost Explorer reports it.
public struct CostAmount: Sendable, Hashable {
    public var amount: Double
    /// `USD` for costs, `Hrs`, `GB-Mo`, `Requests`, … for usage.
    public var unit: String

    /// An amount in `unit`.
    public init(_ amount: Double, unit: String) {
        self.amount = amount
        self.unit = unit
    }
}

/// One group of a GetCostAndUsage answer: the group's keys (`App$chess`, `USE1-BoxUsage:t3.micro`) and its
/// metrics by name.
public struct CostGroup: Sendable, Hashable {
    public var keys: [String]
    public var metrics: [String: CostAmount]

    /// A group with `keys` and `metrics`.
    public init(keys: [String], metrics: [String: CostAmount]) {
        self.keys = keys
        self.metrics = metrics
    }
}

/// One `GroupBy` entry: `TAG`, `DIMENSION` or `COST_CATEGORY` with its key.
public struct CostGrouping: Sendable, Hashable {
    public var type: String
    public var key: String

    /// Group by the cost allocation tag `key`.
    public static func tag(_ key: String) -> CostGrouping { CostGrouping(type: "TAG", key: key) }
    /// Group by a dimension such as `USAGE_TYPE`.
    public static func dimension(_ key: String) -> CostGrouping { CostGrouping(type: "DIMENSION", key: key) }
    /// Group by the values of the cost category `name`.
    public static func costCategory(_ name: String) -> CostGrouping { CostGrouping(type: "COST_CATEGORY", key: name) }
}

/// A MONTHLY GetCostAndUsage question for one period.
public struct CostQuery: Sendable, Hashable {
    public var period: CostPeriod
    public var metrics: [String]
    public var groupBy: [CostGrouping]

    /// A query for `period`.
    public init(period: CostPeriod, metrics: [String], groupBy: [CostGrouping]) {
        self.period = period
        self.metrics = metrics
        self.groupBy = groupBy
    }
}

/// One page of answers: its groups (from every `ResultsByTime` entry), whether any figure is estimated, and the
/// token of the next page.
public struct CostPage: Sendable, Hashable {
    public var groups: [CostGroup]
    public var isEstimated: Bool
    public var nextPageToken: String?

    /// A page.
    public init(groups: [CostGroup], isEstimated: Bool, nextPageToken: String?) {
        self.groups = groups
        self.isEstimated = isEstimated
        self.nextPageToken = nextPageToken
    }
}

/// One page of cost category names.
public struct CostCategoryPage: Sendable, Hashable {
    public var names: [String]
    public var nextPageToken: String?

    /// A page.
    public init(names: [String], nextPageToken: String?) {
        self.names = names
        self.nextPageToken = nextPageToken
    }
}

/// Where monthly costs come from: Cost Explorer (``CostExplorerSource``) or memory (``InMemoryCostSource``).
/// One call is one billable request page. Implementations throw ``CostBackfillError`` with `dataUnavailable`
/// (no data for the period), `throttled`, `transient` or `source`.
public protocol CostSource: Sendable {
    /// One page of GetCostAndUsage for `query`.
    func costAndUsage(_ query: CostQuery, nextPageToken: String?) async throws -> CostPage

    /// One page of GetCostCategories: the cost category names active in `period`.
    func costCategoryNames(_ period: CostPeriod, nextPageToken: String?) async throws -> CostCategoryPage
}
