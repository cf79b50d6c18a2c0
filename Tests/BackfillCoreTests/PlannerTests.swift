import BackfillCore
import BackfillTesting
import JSON
import Testing
import Timekeeping

@Suite("Plans and dry runs")
struct PlannerTests {
    let now = Timestamp(millisecondsSince1970: 1_763_712_000_000)
    let keys = ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06"]

    /// Jan succeeded, Feb failed once, Mar failed thrice, Apr in flight, May lease lapsed, Jun new (at destination).
    var recorded: [String: PartitionState] {
        [
            "2025-01": PartitionState(key: "2025-01", status: .succeeded, attempts: 1),
            "2025-02": PartitionState(key: "2025-02", status: .failed, attempts: 1),
            "2025-03": PartitionState(key: "2025-03", status: .failed, attempts: 3),
            "2025-04": PartitionState(
                key: "2025-04", status: .running, attempts: 1, lease: Lease(owner: "x", expiresAt: now + .seconds(30))),
            "2025-05": PartitionState(
                key: "2025-05", status: .running, attempts: 1, lease: Lease(owner: "x", expiresAt: now - .seconds(1))),
        ]
    }

    @Test(
        "each reprocess mode decides run or skip with a reason",
        arguments: [
            (
                ReprocessMode.missing,
                [
                    "already succeeded", "retry failed", "previously failed", "in flight", "lease lapsed",
                    "exists at destination",
                ]
            ),
            (
                .failed,
                [
                    "already succeeded", "retry failed", "retry failed", "in flight", "lease lapsed",
                    "exists at destination",
                ]
            ),
            (.all, ["forced", "forced", "forced", "in flight", "lease lapsed", "forced"]),
        ]
    )
    func modes(mode: ReprocessMode, reasons: [String]) {
        let plan = Planner(mode: mode).plan(keys, recorded: recorded, existingAtDestination: ["2025-06"], now: now)
        #expect(plan.map(\.reason.rawValue) == reasons)
        let runs = plan.filter { $0.action == .run }.map(\.reason)
        #expect(runs.allSatisfy { [.missing, .retryFailed, .forced, .leaseLapsed].contains($0) })
    }

    @Test("a dry run estimates time, requests, cost and tracker writes without writing")
    func dryRun() async throws {
        let store = InMemoryJobStore()
        let runner = JobRunner(
            store: store, time: ManualTimeSource(now: now), configuration: JobFixtures.configuration(),
            logger: LogCapture().logger)
        let definition = JobDefinition(
            jobID: "cost", handler: "cost-backfill", destination: "s3://b", partitionKeys: keys)
        let model = CostModel(
            durationPerPartition: .seconds(20), requestsPerPartition: 3, dollarsPerRequest: 0.01, concurrency: 4)
        let plan = try await runner.dryRun(
            definition, mode: .missing, existingAtDestination: ["2025-01", "2025-02"], model: model)
        #expect(plan.runCount == 4)
        #expect(plan.estimatedDuration == .seconds(20))
        #expect(plan.estimatedRequests == 12)
        #expect(abs(plan.estimatedDollars - 0.12) < 1e-9)
        #expect(plan.estimatedTrackerWrites == 8)
        #expect(plan.json["reasons"]?["exists at destination"] == .int(2))
        #expect(try await store.job(id: "cost") == nil)
        #expect(store.writes.total == 0)
    }
}
