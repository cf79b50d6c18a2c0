public import JSON
public import Timekeeping

extension CostSummary {
    /// `summary.json`: period, totals, cost centres, workloads, usage categories, tagging, storage, the estimated
    /// and in-progress flags, the generation time and the engine version.
    public func json(generatedAt: Timestamp, engineVersion: String) -> JSONValue {
        let period = costs.period
        let workloadRows: [JSONValue] = workloads.map { workload in
            .object([
                "workload": workload.name.map(JSONValue.string) ?? .null,
                "tagged": .bool(workload.name != nil),
                "net_amortized_cost": Self.money(workload.cost),
                "share": Self.fraction(share(workload.cost)),
                "cost_centre": workload.costCentre.map(JSONValue.string) ?? .null,
                "usage_types": .int(Int64(workload.usageTypes)),
            ])
        }
        let centreRows: [JSONValue] = costCentres.map { centre in
            .object([
                "cost_centre": centre.name.map(JSONValue.string) ?? .null,
                "net_amortized_cost": Self.money(centre.cost),
                "share": Self.fraction(share(centre.cost)),
                "workloads": .array(
                    workloads.filter { $0.costCentre == centre.name }.map { $0.name.map(JSONValue.string) ?? .null }),
            ])
        }
        let categoryRows: [JSONValue] = usageCategories.map { category in
            .object([
                "category": .string(category.name ?? "other"),
                "net_amortized_cost": Self.money(category.cost),
                "share": Self.fraction(share(category.cost)),
            ])
        }
        var object = JSONObject()
        object["period"] = .string(period.key)
        object["start"] = .string(period.start.iso8601)
        object["end"] = .string(period.end.iso8601)
        object["in_progress"] = .bool(period.isInProgress)
        object["estimated"] = .bool(costs.isEstimated)
        object["currency"] = .string(costs.currency)
        let totals: JSONObject = [
            "net_amortized_cost": Self.money(totalCost),
            "workloads": .int(Int64(workloads.count)),
            "usage_types": .int(Int64(Set(costs.usage.map(\.usageType)).count)),
            "line_items": .int(Int64(costs.usage.count)),
        ]
        object["totals"] = .object(totals)
        object["cost_category"] = costs.costCategory.map(JSONValue.string) ?? .null
        object["cost_centres"] = .array(centreRows)
        object["workloads"] = .array(workloadRows)
        object["usage_categories"] = .array(categoryRows)
        object["usage_classifier"] = .string(UsageTypeClassifier.version)
        let tagging: JSONObject = [
            "tag_key": .string(costs.workloadTag),
            "tagged_cost": Self.money(taggedCost),
            "untagged_cost": Self.money(totalCost - taggedCost),
            "coverage": Self.fraction(taggingCoverage),
        ]
        object["tagging"] = .object(tagging)
        let storage: JSONObject = [
            "gb_months": .double((storageGBMonths * 1000).rounded() / 1000),
            "tb_months": .double((storageGBMonths / 1024 * 1_000_000).rounded() / 1_000_000),
            "net_amortized_cost": Self.money(storageCost),
            "cost_per_tb_month": costPerTBMonth.map(Self.money) ?? .null,
        ]
        object["storage"] = .object(storage)
        let requests: JSONObject = [
            "requests": .int(Int64(costs.requests)),
            "estimated_cost_usd": .double(Double(costs.requests) / 100),
        ]
        object["cost_explorer"] = .object(requests)
        object["generated_at"] = .string(generatedAt.iso8601)
        object["engine_version"] = .string(engineVersion)
        return .object(object)
    }
}
