public import JSON
import Timekeeping

/// What a handler says one partition costs, so a dry run can estimate a trigger before running it.
public struct CostModel: Sendable, Hashable {
    /// Typical wall time of one partition.
    public var durationPerPartition: Duration
    /// Billable source API requests per partition (e.g. Cost Explorer `GetCostAndUsage` pages).
    public var requestsPerPartition: Double
    /// Dollars per source request (Cost Explorer: 0.01).
    public var dollarsPerRequest: Double
    /// Partitions processed at once.
    public var concurrency: Int

    /// A cost model; by default 10 s, one free request, one at a time.
    public init(
        durationPerPartition: Duration = .seconds(10),
        requestsPerPartition: Double = 1,
        dollarsPerRequest: Double = 0,
        concurrency: Int = 1
    ) {
        self.durationPerPartition = durationPerPartition
        self.requestsPerPartition = requestsPerPartition
        self.dollarsPerRequest = dollarsPerRequest
        self.concurrency = max(1, concurrency)
    }
}

/// A plan with its estimate: what a dry run returns.
public struct DryRunPlan: Sendable, Hashable {
    /// Per-partition decisions, in processing order.
    public var decisions: [PlanDecision]
    /// Partitions that would run.
    public var runCount: Int
    /// Wall time at the model's concurrency.
    public var estimatedDuration: Duration
    /// Source requests.
    public var estimatedRequests: Double
    /// Source request cost in dollars.
    public var estimatedDollars: Double
    /// Tracker writes (claim and complete per partition that runs).
    public var estimatedTrackerWrites: Int

    /// Estimates `decisions` with `model`.
    public init(decisions: [PlanDecision], model: CostModel) {
        self.decisions = decisions
        runCount = decisions.filter { $0.action == .run }.count
        let waves = (runCount + model.concurrency - 1) / model.concurrency
        estimatedDuration = model.durationPerPartition * waves
        estimatedRequests = Double(runCount) * model.requestsPerPartition
        estimatedDollars = estimatedRequests * model.dollarsPerRequest
        estimatedTrackerWrites = 2 * runCount
    }

    /// Keys by decision: `run` and `skip` lists plus counts per reason.
    public var json: JSONValue {
        var reasons = JSONObject()
        for decision in decisions {
            let key = decision.reason.rawValue
            reasons[key] = .int((reasons[key]?.intValue ?? 0) + 1)
        }
        let run = decisions.filter { $0.action == .run }
        let skip = decisions.filter { $0.action == .skip }
        return .object([
            "dry_run": true,
            "run": .array(run.map { .object(["period": .string($0.key), "reason": .string($0.reason.rawValue)]) }),
            "skip": .array(skip.map { .object(["period": .string($0.key), "reason": .string($0.reason.rawValue)]) }),
            "reasons": .object(reasons),
            "estimate": [
                "partitions": .int(Int64(runCount)),
                "duration_seconds": .double(estimatedDuration.seconds),
                "requests": .double(estimatedRequests),
                "cost_usd": .double((estimatedDollars * 100).rounded() / 100),
                "tracker_writes": .int(Int64(estimatedTrackerWrites)),
            ],
        ])
    }
}
