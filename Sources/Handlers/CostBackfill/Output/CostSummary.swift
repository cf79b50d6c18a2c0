import JSON

/// The figures of one month, computed from ``MonthlyCosts``: totals, per cost centre, per workload, per
/// usage-type category, tagging coverage and storage. Sums run over sorted lines, so the same costs always
/// give the same numbers; `json` rounds money to 1/100 cent and shares to 4 decimals.
public struct CostSummary: Sendable, Hashable {
    /// One workload's month.
    public struct Workload: Sendable, Hashable {
        /// nil for untagged cost.
        public var name: String?
        public var cost: Double
        /// The cost centre carrying most of its cost (ties: the first by name); nil without a category.
        public var costCentre: String?
        /// Distinct usage types with cost or usage.
        public var usageTypes: Int
    }

    /// A named amount (cost centre, usage category).
    public struct Share: Sendable, Hashable {
        public var name: String?
        public var cost: Double
    }

    public var costs: MonthlyCosts
    /// Total NetAmortizedCost.
    public var totalCost: Double
    /// By cost descending, then name (untagged last among equals).
    public var workloads: [Workload]
    /// By cost descending, then name; empty without a cost category.
    public var costCentres: [Share]
    /// Every category of ``UsageTypeClassifier``, in its order (zero when absent).
    public var usageCategories: [Share]
    /// Cost that carries the workload tag.
    public var taggedCost: Double
    /// Stored volume (usage in GB-months of storage-category usage types).
    public var storageGBMonths: Double
    /// Cost of storage-category usage types.
    public var storageCost: Double

    /// Computes the figures of `costs`.
    public init(_ costs: MonthlyCosts) {
        self.costs = costs
        totalCost = costs.usage.reduce(0) { $0 + $1.cost }
        taggedCost = costs.usage.filter { $0.workload != nil }.reduce(0) { $0 + $1.cost }

        var byCategory: [String: Double] = [:]
        var gbMonths = 0.0
        var storage = 0.0
        for line in costs.usage {
            let category = UsageTypeClassifier.category(of: line.usageType)
            byCategory[category, default: 0] += line.cost
            if category == "storage" {
                storage += line.cost
                if UsageTypeClassifier.isStorageVolume(unit: line.unit) { gbMonths += line.quantity }
            }
        }
        usageCategories = UsageTypeClassifier.categories.map { Share(name: $0, cost: byCategory[$0] ?? 0) }
        storageGBMonths = gbMonths
        storageCost = storage

        var centreTotals: [String?: Double] = [:]
        var workloadCentres: [String?: [String?: Double]] = [:]
        for line in costs.centres {
            centreTotals[line.costCentre, default: 0] += line.cost
            workloadCentres[line.workload, default: [:]][line.costCentre, default: 0] += line.cost
        }
        costCentres = Self.ranked(centreTotals.map { Share(name: $0.key, cost: $0.value) })

        var workloadCosts: [String?: (cost: Double, types: Set<String>)] = [:]
        for line in costs.usage {
            workloadCosts[line.workload, default: (0, [])].cost += line.cost
            workloadCosts[line.workload, default: (0, [])].types.insert(line.usageType)
        }
        let ranked = Self.ranked(workloadCosts.map { Share(name: $0.key, cost: $0.value.cost) })
        workloads = ranked.map { share in
            let centres = workloadCentres[share.name] ?? [:]
            let top = Self.ranked(centres.map { Share(name: $0.key, cost: $0.value) }).first
            return Workload(
                name: share.name, cost: share.cost, costCentre: top?.name ?? nil,
                usageTypes: workloadCosts[share.name]?.types.count ?? 0)
        }
    }

    /// Fraction of the total cost that carries the workload tag (1 when there is no cost).
    public var taggingCoverage: Double { totalCost == 0 ? 1 : taggedCost / totalCost }

    /// Storage cost per TB-month (1 TB = 1024 GB); nil without stored volume.
    public var costPerTBMonth: Double? { storageGBMonths > 0 ? storageCost / (storageGBMonths / 1024) : nil }

    /// `amount` as a share of the total (0 when there is no cost).
    public func share(_ amount: Double) -> Double { totalCost == 0 ? 0 : amount / totalCost }

    /// By cost descending, then name ascending, nil names last.
    static func ranked(_ shares: [Share]) -> [Share] {
        shares.sorted { lhs, rhs in
            if lhs.cost != rhs.cost { return lhs.cost > rhs.cost }
            switch (lhs.name, rhs.name) {
            case (let left?, let right?): return left < right
            case (.some, nil): return true
            default: return false
            }
        }
    }

    /// Money rounded to 1/100 cent.
    static func money(_ value: Double) -> JSONValue { .double((value * 10_000).rounded() / 10_000) }
    /// A fraction rounded to 4 decimals.
    static func fraction(_ value: Double) -> JSONValue { .double((value * 10_000).rounded() / 10_000) }
}
