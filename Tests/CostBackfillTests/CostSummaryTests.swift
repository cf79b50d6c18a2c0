import CostBackfill
import JSON
import Testing
import Timekeeping

@Suite("Month summary against a hand-computed fixture")
struct CostSummaryTests {
    /// Six usage lines and five cost-centre lines whose figures were added up by hand (see each expectation).
    static let costs = MonthlyCosts(
        period: .month(of: CivilDate(year: 2025, month: 10, day: 1)),
        usage: [
            .init(workload: "chess", usageType: "USE1-BoxUsage:t3.micro", cost: 10.00, quantity: 100, unit: "Hrs"),
            .init(workload: "chess", usageType: "USE1-TimedStorage-ByteHrs", cost: 2.50, quantity: 100, unit: "GB-Mo"),
            .init(workload: "poker", usageType: "USE1-DataTransfer-Out-Bytes", cost: 4.00, quantity: 40, unit: "GB"),
            .init(workload: "poker", usageType: "EBS:VolumeUsage.gp3", cost: 1.50, quantity: 28, unit: "GB-Mo"),
            .init(workload: "lobby", usageType: "USE1-Requests-Tier1", cost: 0.75, quantity: 150_000, unit: "Requests"),
            .init(workload: nil, usageType: "USE1-CW:AlarmMonitorUsage", cost: 1.25, quantity: 5, unit: "Alarms"),
        ],
        centres: [
            .init(workload: "chess", costCentre: "Games", cost: 12.50),
            .init(workload: "poker", costCentre: "Games", cost: 5.00),
            .init(workload: "poker", costCentre: "Platform", cost: 0.50),
            .init(workload: "lobby", costCentre: "Platform", cost: 0.75),
            .init(workload: nil, costCentre: nil, cost: 1.25),
        ],
        workloadTag: "App", costCategory: "Team", isEstimated: true, requests: 3)

    @Test("totals, workloads, cost centres, categories, tagging and storage match the hand computation")
    func figures() {
        let summary = CostSummary(Self.costs)
        #expect(summary.totalCost == 20.00)  // 10 + 2.5 + 4 + 1.5 + 0.75 + 1.25
        #expect(summary.taggedCost == 18.75)  // all but the untagged 1.25
        #expect(summary.taggingCoverage == 0.9375)
        #expect(summary.workloads.map(\.name) == ["chess", "poker", nil, "lobby"])  // 12.5, 5.5, 1.25, 0.75
        #expect(summary.workloads.map(\.cost) == [12.50, 5.50, 1.25, 0.75])
        #expect(summary.workloads.map(\.costCentre) == ["Games", "Games", nil, "Platform"])  // poker: 5.0 vs 0.5
        #expect(summary.costCentres.map(\.name) == ["Games", "Platform", nil])  // 17.5, 1.25, 1.25 (nil last)
        #expect(summary.costCentres.map(\.cost) == [17.50, 1.25, 1.25])
        let categories = Dictionary(uniqueKeysWithValues: summary.usageCategories.map { ($0.name ?? "", $0.cost) })
        #expect(
            categories == [
                "storage": 4.0, "data_transfer": 4.0, "compute": 10.0, "database": 0, "requests": 0.75,
                "other": 1.25,
            ])
        #expect(summary.storageGBMonths == 128)  // 100 + 28
        #expect(summary.storageCost == 4.0)
        #expect(summary.costPerTBMonth == 32.0)  // 4.0 / (128 / 1024)
    }

    @Test("summary.json carries the figures, the flags, the generation time and the engine version")
    func json() throws {
        let generated = Timestamp(millisecondsSince1970: 1_763_683_200_000)
        let json = CostSummary(Self.costs).json(generatedAt: generated, engineVersion: "9.9.9")
        #expect(json["period"] == "2025-10")
        #expect(json["start"] == "2025-10-01" && json["end"] == "2025-11-01")
        #expect(json["estimated"] == true && json["in_progress"] == false)
        #expect(json["totals"]?["net_amortized_cost"] == 20.0)
        #expect(json["totals"]?["workloads"] == 4)
        #expect(json["cost_category"] == "Team")
        #expect(json["cost_centres"]?.arrayValue?.first?["share"] == 0.875)  // 17.5 / 20
        #expect(json["cost_centres"]?.arrayValue?.first?["workloads"] == ["chess", "poker"])
        #expect(json["workloads"]?.arrayValue?[2]["workload"] == .null)
        #expect(json["workloads"]?.arrayValue?[2]["tagged"] == false)
        #expect(json["workloads"]?.arrayValue?[1]["share"] == 0.275)  // 5.5 / 20
        #expect(json["tagging"]?["coverage"] == 0.9375)
        #expect(json["tagging"]?["untagged_cost"] == 1.25)
        #expect(json["storage"]?["cost_per_tb_month"] == 32.0)
        #expect(json["storage"]?["tb_months"] == 0.125)
        #expect(json["usage_classifier"] == "usage-type-v1")
        #expect(json["cost_explorer"]?["estimated_cost_usd"] == 0.03)
        #expect(json["generated_at"] == "2025-11-21T00:00:00.000Z")
        #expect(json["engine_version"] == "9.9.9")
    }

    @Test("a month without stored volume has no cost per TB, and no cost means full coverage")
    func degenerate() {
        let costs = MonthlyCosts(
            period: .month(of: CivilDate(year: 2025, month: 1, day: 1)),
            usage: [.init(workload: nil, usageType: "USE1-BoxUsage", cost: 0, quantity: 1, unit: "Hrs")])
        let summary = CostSummary(costs)
        #expect(summary.costPerTBMonth == nil)
        #expect(summary.taggingCoverage == 1)
        #expect(summary.costCentres.isEmpty)
    }

    @Test(
        "usage types fall into the documented categories",
        arguments: [
            ("USE1-TimedStorage-ByteHrs", "storage"), ("EBS:SnapshotUsage", "storage"),
            ("TimedStorage-GlacierByteHrs", "storage"), ("EUC1-DataTransfer-Out-Bytes", "data_transfer"),
            ("CloudFront-Out-Bytes", "data_transfer"), ("BoxUsage:t3.micro", "compute"),
            ("APN1-SpotUsage:c5.large", "compute"), ("USE1-Lambda-GB-Second", "compute"),
            ("USE1-Fargate-vCPU-Hours:perCPU", "compute"), ("USE1-ReadCapacityUnit-Hrs", "database"),
            ("USE1-WriteRequestUnits", "database"), ("InstanceUsage:db.t3.micro", "compute"),
            ("USE1-Requests-Tier1", "requests"), ("USE1-APIGatewayRequest", "requests"),
            ("USE1-CW:AlarmMonitorUsage", "other"), ("Dollar", "other"),
        ])
    func classifier(usageType: String, category: String) {
        #expect(UsageTypeClassifier.category(of: usageType) == category)
    }
}
