/// Collects one month from Cost Explorer: GetCostAndUsage (MONTHLY, NetAmortizedCost and UsageQuantity,
/// grouped by the workload tag and `USAGE_TYPE`, every page), then the cost category (the configured one, or
/// the first GetCostCategories lists) and the month's cost per workload and cost centre.
struct CostCollector: Sendable {
    static let costMetric = "NetAmortizedCost"
    static let usageMetric = "UsageQuantity"

    let source: PacedCostSource
    let workloadTag: String
    let costCategoryName: String?

    /// The month's costs, or nil when Cost Explorer has none (`DataUnavailableException`, or no groups).
    /// `checkIn` runs between pages (it renews the month's lease and stops work another worker took over).
    func collect(_ period: CostPeriod, checkIn: () async throws -> Void) async throws -> MonthlyCosts? {
        var costs = MonthlyCosts(period: period, usage: [])
        var usage: [MonthlyCosts.UsageLine] = []
        do {
            let query = CostQuery(
                period: period, metrics: [Self.costMetric, Self.usageMetric],
                groupBy: [.tag(workloadTag), .dimension("USAGE_TYPE")])
            for group in try await allGroups(query, into: &costs, checkIn: checkIn) {
                let cost = group.metrics[Self.costMetric]
                let quantity = group.metrics[Self.usageMetric]
                if let unit = cost?.unit, !unit.isEmpty { costs.currency = unit }
                usage.append(
                    MonthlyCosts.UsageLine(
                        workload: Self.value(group.keys.first, key: workloadTag),
                        usageType: group.keys.count > 1 ? group.keys[1] : "", cost: cost?.amount ?? 0,
                        quantity: quantity?.amount ?? 0, unit: quantity?.unit ?? ""))
            }
        } catch let error as CostBackfillError where error.code == .dataUnavailable {
            return nil
        }
        guard !usage.isEmpty else { return nil }

        var centres: [MonthlyCosts.CentreLine] = []
        let category = try await categoryName(period, into: &costs, checkIn: checkIn)
        if let category {
            let query = CostQuery(
                period: period, metrics: [Self.costMetric],
                groupBy: [.tag(workloadTag), .costCategory(category)])
            for group in try await allGroups(query, into: &costs, checkIn: checkIn) {
                centres.append(
                    MonthlyCosts.CentreLine(
                        workload: Self.value(group.keys.first, key: workloadTag),
                        costCentre: Self.value(group.keys.count > 1 ? group.keys[1] : nil, key: category),
                        cost: group.metrics[Self.costMetric]?.amount ?? 0))
            }
        }
        return MonthlyCosts(
            period: period, usage: usage, centres: centres, workloadTag: workloadTag, costCategory: category,
            isEstimated: costs.isEstimated,
            currency: costs.currency, requests: costs.requests, throttles: costs.throttles)
    }

    /// Every group of `query`, following `NextPageToken`; counts requests and throttles, keeps `Estimated`.
    func allGroups(
        _ query: CostQuery,
        into costs: inout MonthlyCosts,
        checkIn: () async throws -> Void
    ) async throws -> [CostGroup] {
        var groups: [CostGroup] = []
        var token: String?
        repeat {
            try await checkIn()
            let (page, throttles) = try await source.costAndUsage(query, nextPageToken: token)
            costs.requests += 1
            costs.throttles += throttles
            costs.isEstimated = costs.isEstimated || page.isEstimated
            groups += page.groups
            token = page.nextPageToken
        } while token != nil
        return groups
    }

    /// The configured category, or the first one active in `period`; nil when there is none.
    func categoryName(
        _ period: CostPeriod,
        into costs: inout MonthlyCosts,
        checkIn: () async throws -> Void
    ) async throws -> String? {
        if let costCategoryName { return costCategoryName }
        var token: String?
        repeat {
            try await checkIn()
            let (page, throttles) = try await source.costCategoryNames(period, nextPageToken: token)
            costs.requests += 1
            costs.throttles += throttles
            if let first = page.names.first { return first }
            token = page.nextPageToken
        } while token != nil
        return nil
    }

    /// The value of a `Key$Value` group key (tags and cost categories); nil for an empty value (untagged or
    /// uncategorized). A key without `$` is returned as it is.
    static func value(_ groupKey: String?, key: String) -> String? {
        guard let groupKey else { return nil }
        let value: Substring
        if groupKey.hasPrefix(key + "$") {
            value = groupKey.dropFirst(key.count + 1)
        } else if let dollar = groupKey.firstIndex(of: "$") {
            value = groupKey[groupKey.index(after: dollar)...]
        } else {
            value = Substring(groupKey)
        }
        return value.isEmpty ? nil : String(value)
    }
}
