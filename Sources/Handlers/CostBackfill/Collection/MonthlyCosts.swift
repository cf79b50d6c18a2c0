/// Everything collected for one month: cost and usage per workload and usage type, the cost category mapping,
/// and what it took to get them. Lines are kept sorted, so everything computed from them is deterministic.
public struct MonthlyCosts: Sendable, Hashable {
    /// Cost and usage of one workload on one usage type.
    public struct UsageLine: Sendable, Hashable {
        /// The workload tag's value; nil when the cost carries no tag.
        public var workload: String?
        public var usageType: String
        /// NetAmortizedCost.
        public var cost: Double
        /// UsageQuantity, in `unit`.
        public var quantity: Double
        public var unit: String

        /// A line.
        public init(workload: String?, usageType: String, cost: Double, quantity: Double, unit: String) {
            self.workload = workload
            self.usageType = usageType
            self.cost = cost
            self.quantity = quantity
            self.unit = unit
        }
    }

    /// Cost of one workload in one cost centre (a value of the cost category).
    public struct CentreLine: Sendable, Hashable {
        public var workload: String?
        /// nil when the cost falls outside every rule of the category.
        public var costCentre: String?
        public var cost: Double

        /// A line.
        public init(workload: String?, costCentre: String?, cost: Double) {
            self.workload = workload
            self.costCentre = costCentre
            self.cost = cost
        }
    }

    public var period: CostPeriod
    /// Sorted by workload (untagged first), then usage type.
    public private(set) var usage: [UsageLine]
    /// Sorted by workload, then cost centre.
    public private(set) var centres: [CentreLine]
    /// The tag key whose values name workloads.
    public var workloadTag: String
    /// The cost category the centres come from; nil when the account has none.
    public var costCategory: String?
    /// Whether Cost Explorer marked any figure as estimated (the month is not final yet).
    public var isEstimated: Bool
    /// The cost unit (`USD`).
    public var currency: String
    /// Billable Cost Explorer requests made (pages).
    public var requests: Int
    /// Throttling answers met.
    public var throttles: Int

    /// Collected costs; lines are sorted here.
    public init(
        period: CostPeriod,
        usage: [UsageLine],
        centres: [CentreLine] = [],
        workloadTag: String = "App",
        costCategory: String? = nil,
        isEstimated: Bool = false,
        currency: String = "USD",
        requests: Int = 0,
        throttles: Int = 0
    ) {
        self.period = period
        self.usage = usage.sorted { ($0.workload ?? "", $0.usageType) < ($1.workload ?? "", $1.usageType) }
        self.centres = centres.sorted {
            ($0.workload ?? "", $0.costCentre ?? "") < ($1.workload ?? "", $1.costCentre ?? "")
        }
        self.workloadTag = workloadTag
        self.costCategory = costCategory
        self.isEstimated = isEstimated
        self.currency = currency
        self.requests = requests
        self.throttles = throttles
    }
}
