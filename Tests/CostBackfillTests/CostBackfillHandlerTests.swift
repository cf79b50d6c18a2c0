import BackfillCore
import BackfillTesting
import CostBackfill
import CostExplorerFake
import JSON
import LambdaRuntime
import Testing
import Timekeeping

@Suite("cost-backfill handler with in-memory Cost Explorer, bucket and tracker")
struct CostBackfillHandlerTests {
    @Test("a 13-month backfill writes every month newest first, the summary last, and index.json")
    func thirteenMonths() async throws {
        let world = CostFixtures.World()
        let result = try await world.invoke(#"{"backfill": true, "months": 13, "force": false}"#)
        #expect(result["statusCode"] == 200)
        #expect(result["body"]?["message"] == "backfill_complete")
        #expect(result.bodyList("succeeded") == CostFixtures.thirteenMonths)
        #expect(result["body"]?["failed"] == [])
        #expect(result.bodyList("skipped").isEmpty)
        let objects = world.objects.objects
        for month in CostFixtures.thirteenMonths {
            for name in ["summary.json", "cost-by-workload.parquet", "cost-by-usage-type.parquet"] {
                #expect(objects["cost/\(month)/\(name)"] != nil, "cost/\(month)/\(name)")
            }
            let summary = try JSONParser.parse(try #require(objects["cost/\(month)/summary.json"]))
            let expected = CostExplorerFakeData.lines(month).reduce(0) { $0 + $1.cost }
            #expect(summary["totals"]?["net_amortized_cost"]?.doubleValue == expected)
            #expect(summary["cost_category"] == "Team")  // the first category GetCostCategories listed
        }
        let index = try JSONParser.parse(try #require(objects["cost/index.json"]))
        #expect(index["periods"]?.arrayValue?.compactMap(\.stringValue) == CostFixtures.thirteenMonths.sorted())
        // 40 usage groups at 12 a page: 4 pages, plus the category lookup and one page of centres.
        let calls = world.source.calls
        #expect(calls.count == 13 * 6)
        #expect(
            calls.filter { $0.period == "2025-10" && $0.operation == "GetCostAndUsage" }.map(\.nextPageToken)
                == [nil, "12", "24", "36", nil])
    }

    @Test("months already in the bucket are skipped unless force, and a forced re-run writes identical Parquet")
    func skipAndForce() async throws {
        let world = CostFixtures.World()
        _ = try await world.invoke(#"{"backfill": true, "months": 3}"#)
        let first = world.objects.objects
        let again = try await world.invoke(#"{"backfill": true, "months": 13}"#)
        #expect(again["statusCode"] == 200)
        #expect(again.bodyList("skipped") == Array(CostFixtures.thirteenMonths.prefix(3)))
        #expect(again.bodyList("succeeded") == Array(CostFixtures.thirteenMonths.dropFirst(3)))
        #expect(again["body"]?["skip_reasons"]?["2025-10"] == "exists at destination")
        #expect(world.objects.putCounts["cost/2025-10/summary.json"] == 1)

        let unchanged = try await world.invoke(#"{"backfill": true, "months": 13}"#)
        #expect(unchanged.bodyList("skipped") == CostFixtures.thirteenMonths)
        #expect(world.objects.putCounts["cost/2024-10/summary.json"] == 1)

        let forced = try await world.invoke(try CostFixtures.event("backfill-force"))
        #expect(forced.bodyList("succeeded") == CostFixtures.thirteenMonths)
        #expect(world.objects.putCounts["cost/2025-10/summary.json"] == 2)
        let rewritten = world.objects.objects
        for key in first.keys where key.hasSuffix(".parquet") {
            #expect(rewritten[key] == first[key], "\(key) changed on a forced re-run")
        }
        let before = try JSONParser.parse(try #require(first["cost/2025-10/summary.json"]))
        let after = try JSONParser.parse(try #require(rewritten["cost/2025-10/summary.json"]))
        #expect(before["totals"] == after["totals"] && before["workloads"] == after["workloads"])
    }

    @Test("a failing month is recorded with its account id redacted, the rest continue, and index.json is written")
    func failingMonth() async throws {
        let world = CostFixtures.World()
        world.source.fail(
            "2025-06",
            with: CostBackfillError(
                .source, "Cost Explorer GetCostAndUsage failed: AccessDeniedException: arn:aws:iam::123456789012:user/x"
            ))
        let result = try await world.invoke(#"{"backfill": true, "months": 13}"#)
        #expect(result["statusCode"] == 207)
        let failed = try #require(result["body"]?["failed"]?.arrayValue)
        #expect(failed.count == 1)
        #expect(failed.first?["period"] == "2025-06")
        let error = failed.first?["error"]?.stringValue ?? ""
        #expect(error.contains("AccessDeniedException") && error.contains("************"))
        #expect(!error.contains("123456789012"))
        #expect(result.bodyList("succeeded") == CostFixtures.thirteenMonths.filter { $0 != "2025-06" })
        let index = try JSONParser.parse(try #require(world.objects.objects["cost/index.json"]))
        #expect(index["periods"]?.arrayValue?.count == 12)
        #expect(world.objects.objects["cost/2025-06/summary.json"] == nil)
    }

    @Test("months Cost Explorer has no data for, or no groups, are skipped and not written")
    func noData() async throws {
        var world = CostFixtures.World()
        world.source = CostFixtures.source(without: ["2024-10", "2024-11"], empty: ["2025-02"])
        let result = try await world.invoke(#"{"backfill": true, "months": 13}"#)
        #expect(result["statusCode"] == 200)
        #expect(result.bodyList("skipped") == ["2025-02", "2024-11", "2024-10"])
        #expect(result["body"]?["skip_reasons"]?["2024-10"] == "no data")
        #expect(result["body"]?["skip_reasons"]?["2025-02"] == "no data")
        #expect(result.bodyList("succeeded").count == 10)
        let written = world.objects.objects.keys
        #expect(written.filter { $0.hasPrefix("cost/2024-10/") || $0.hasPrefix("cost/2024-11/") }.isEmpty)
        #expect(written.filter { $0.hasPrefix("cost/2025-02/") }.isEmpty)
        // An empty month costs one request: the centre query is not made.
        #expect(world.source.calls.filter { $0.period == "2025-02" }.count == 1)
    }

    @Test("a dry run plans and estimates without calling Cost Explorer or writing")
    func dryRun() async throws {
        let world = CostFixtures.World()
        _ = try await world.invoke(#"{"backfill": true, "months": 3}"#)
        let callsBefore = world.source.calls.count
        let objectsBefore = world.objects.objects
        let plan = try await world.invoke(try CostFixtures.event("backfill-dry-run"))
        #expect(plan["statusCode"] == 200)
        #expect(plan["body"]?["message"] == "dry_run")
        let run = plan["body"]?["run"]?.arrayValue?.compactMap { $0["period"]?.stringValue }
        let skip = plan["body"]?["skip"]?.arrayValue ?? []
        #expect(run == Array(CostFixtures.thirteenMonths.dropFirst(3)))
        #expect(skip.map { $0["reason"] } == Array(repeating: "exists at destination", count: 3))
        #expect(plan["body"]?["estimate"]?["requests"] == 30.0)  // 10 months × 3 requests
        #expect(plan["body"]?["estimate"]?["cost_usd"] == 0.3)
        #expect(world.source.calls.count == callsBefore)
        #expect(world.objects.objects == objectsBefore)
    }

    @Test("the normal mode writes the month to date in progress; a later backfill does not skip it")
    func normalMode() async throws {
        let world = CostFixtures.World()
        let result = try await world.invoke(try CostFixtures.event("scheduled"))
        #expect(result["statusCode"] == 200)
        #expect(result["body"]?["message"] == "update_complete")
        #expect(result.bodyList("succeeded") == ["2025-11", "2025-10"])
        let current = try JSONParser.parse(try #require(world.objects.objects["cost/2025-11/summary.json"]))
        #expect(current["in_progress"] == true && current["estimated"] == true)
        #expect(current["end"] == "2025-11-21")
        #expect(world.objects.objects["cost/2025-11/in-progress.json"] != nil)
        #expect(world.objects.objects["cost/2025-10/in-progress.json"] == nil)
        let index = try JSONParser.parse(try #require(world.objects.objects["cost/index.json"]))
        #expect(index["in_progress"] == ["2025-11"])

        let again = try await world.invoke("{}", requestID: "req-2")
        #expect(again.bodyList("succeeded") == ["2025-11", "2025-10"])  // the normal mode always refreshes
        #expect(world.objects.putCounts["cost/2025-10/summary.json"] == 2)

        world.time.set(Timestamp(millisecondsSince1970: 1_764_892_800_000))  // 2025-12-05
        let december = try await world.invoke(#"{"backfill": true, "months": 2}"#, requestID: "req-3")
        #expect(december.bodyList("succeeded") == ["2025-11"])  // written in progress before: not skipped
        #expect(december.bodyList("skipped") == ["2025-10"])
        #expect(world.objects.objects["cost/2025-11/in-progress.json"] == nil)
        let complete = try JSONParser.parse(try #require(world.objects.objects["cost/2025-11/summary.json"]))
        #expect(complete["in_progress"] == false && complete["end"] == "2025-12-01")
    }

    @Test("a month the tracker recorded but the bucket lost is written again")
    func lostMonth() async throws {
        let world = CostFixtures.World()
        _ = try await world.invoke(#"{"backfill": true, "months": 2}"#)
        try await world.objects.delete("cost/2025-09/summary.json")
        let result = try await world.invoke(#"{"backfill": true, "months": 2}"#)
        #expect(result.bodyList("succeeded") == ["2025-09"])
        #expect(result.bodyList("skipped") == ["2025-10"])
        #expect(world.objects.objects["cost/2025-09/summary.json"] != nil)
    }

    @Test("throttling pauses the shared limit with growing backoff, and the month still succeeds")
    func throttling() async throws {
        let world = CostFixtures.World()
        world.source.throttleNext(2)
        let result = try await world.invoke(#"{"backfill": true, "months": 1}"#)
        #expect(result["statusCode"] == 200)
        #expect(result.bodyList("succeeded") == ["2025-10"])
        let sleeps = world.time.sleeps
        #expect(sleeps.contains(.milliseconds(500)) && sleeps.contains(.seconds(1)))
        #expect(world.source.calls.count == 6 + 2)
    }

    @Test("two invocations at once share the job and never process a month twice")
    func concurrentInvocations() async throws {
        var world = CostFixtures.World()
        let clock = YieldingTimeSource(now: CostFixtures.today)
        world.configuration.concurrency = 2
        let objects = world.objects
        let dependencies = CostBackfillDependencies(
            source: world.source, objects: objects, jobs: world.jobs, time: clock,
            heartbeatTick: CostFixtures.neverTick)
        let handlerA = CostBackfillHandler(configuration: world.configuration, dependencies: dependencies)
        let handlerB = CostBackfillHandler(configuration: world.configuration, dependencies: dependencies)
        let request = CostBackfillRequest(mode: .backfill(months: 13))
        let logger = world.context("x").logger
        async let first = handlerA.run(request, owner: "a", deadline: .none, logger: logger)
        async let second = handlerB.run(request, owner: "b", deadline: .none, logger: logger)
        let (a, b) = try await (first, second)
        #expect(a["body"]?["job_id"] == b["body"]?["job_id"])
        #expect(Set(a.bodyList("succeeded") + b.bodyList("succeeded")) == Set(CostFixtures.thirteenMonths))
        for month in CostFixtures.thirteenMonths {
            #expect(objects.putCounts["cost/\(month)/summary.json"] == 1, "\(month) written more than once")
        }
        let usageCalls = world.source.calls.filter { $0.operation == "GetCostAndUsage" && $0.nextPageToken == nil }
        #expect(usageCalls.count == 13 * 2)  // one usage query and one centre query per month, never repeated
    }
}
