import Analytics
import BackfillCore
import BackfillTesting
import JSON
import LambdaRuntime
import Logging
import Testing
import Timekeeping

/// The state machine's fan-out events on in-memory stores: `plan`, one `aggregatePartition` per partition (in
/// any order, each under a tracker lease), `merge`; the result and the table equal a whole-export run's.
@Suite("analytics-aggregate fan-out actions")
struct AnalyticsFanOutTests {
    static let backfill = #""mode":"backfill","backfillStartDate":"2025-01-01""#

    static func context(_ time: any TimeSource, _ id: String = "req") -> LambdaContext {
        LambdaContext(
            requestID: id, deadline: time.now + .seconds(900), invokedFunctionARN: "arn:test",
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }, time: time)
    }

    static func invoke(_ handler: AnalyticsAggregateHandler, _ event: String, id: String = "req") async throws
        -> JSONValue
    {
        let time = ManualTimeSource(now: AnalyticsAggregateHandlerTests.today.startTimestamp + .seconds(9_000))
        return try await handler.handle(event: try JSONParser.parse(event), context: context(time, id))
    }

    @Test("plan, every partition out of order, merge: the table and result equal a whole-export run's")
    func fanOutEqualsWholeRun() async throws {
        let (store, _) = try AnalyticsAggregateHandlerTests.stage(items: 4_000, files: 4, incremental: false)
        let jobs = InMemoryJobStore()
        let outputs = RecordingOutputs()
        let handler = AnalyticsAggregateHandlerTests.handler(store, jobs: jobs, outputs: outputs, partitionBytes: 1)
        let plan = try await Self.invoke(handler, #"{"action":"plan",\#(Self.backfill)}"#)
        let jobID = try #require(plan["job_id"]?.stringValue)
        #expect(plan["partitionCount"] == 4)
        #expect(plan["fanOut"] == false)  // 1 GB default threshold
        #expect(plan["distributed"] == false)
        #expect((plan["totalBytes"]?.intValue ?? 0) > 0)
        #expect(try await jobs.job(id: jobID)?.partitions.count == 4)
        let items = try JSONParser.parse(try await store.getBytes(try #require(plan["itemsKey"]?.stringValue)))
        #expect(items == plan["partitions"])
        let keys = (plan["partitions"]?.arrayValue ?? []).compactMap { $0["partition"]?.stringValue }
        #expect(keys == ["files-00001", "files-00002", "files-00003", "files-00004"])
        var counted: Int64 = 0
        for key in keys.reversed() {
            let done = try await Self.invoke(
                handler, #"{"action":"aggregatePartition","job_id":"\#(jobID)","partition":"\#(key)"}"#)
            #expect(done["status"] == "succeeded", "\(done)")
            counted += done["items"]?.intValue ?? 0
        }
        #expect(counted == 4_000)
        let again = try await Self.invoke(
            handler, #"{"action":"aggregatePartition","job_id":"\#(jobID)","partition":"files-00002"}"#)
        #expect(again["status"] == "done")
        let merged = try await Self.invoke(handler, #"{"action":"merge","job_id":"\#(jobID)"}"#)
        #expect(merged["statusCode"] == 200)
        #expect(merged["body"]?["items"] == 4_000)
        #expect(merged["body"]?["mode"] == "backfill")
        #expect(try await jobs.job(id: jobID)?.status == .completed)

        let (wholeStore, _) = try AnalyticsAggregateHandlerTests.stage(items: 4_000, files: 4, incremental: false)
        let wholeOutputs = RecordingOutputs()
        let whole = AnalyticsAggregateHandlerTests.handler(
            wholeStore, jobs: InMemoryJobStore(), outputs: wholeOutputs, partitionBytes: 1)
        let result = try await Self.invoke(whole, "{\(Self.backfill)}")
        #expect(result["body"] == merged["body"])
        #expect(!outputs.rows.isEmpty)
        #expect(outputs.rows == wholeOutputs.rows)
    }

    @Test("bad fan-out events name the field; a merge without a plan says to plan first")
    func errors() async throws {
        let (store, _) = try AnalyticsAggregateHandlerTests.stage(items: 200, files: 1, incremental: false)
        let handler = AnalyticsAggregateHandlerTests.handler(
            store, jobs: InMemoryJobStore(), outputs: RecordingOutputs(), partitionBytes: 1)
        let plan = try await Self.invoke(handler, #"{"action":"plan",\#(Self.backfill)}"#)
        let jobID = try #require(plan["job_id"]?.stringValue)
        let cases: [(String, String, String)] = [
            (#"{"action":"merge"}"#, "job_id is required for the merge action", "job_id"),
            (#"{"action":"aggregatePartition","job_id":"j"}"#, "partition is required", "partition"),
            (#"{"action":"merge","job_id":"nope"}"#, "No saved plan for job nope", "job_id"),
            (
                #"{"action":"aggregatePartition","job_id":"\#(jobID)","partition":"files-00009"}"#,
                "Unknown partition files-00009", "partition"
            ),
        ]
        for (event, message, field) in cases {
            let error = await #expect(throws: AnalyticsHandlerError.self) {
                _ = try await Self.invoke(handler, event)
            }
            #expect(error?.code == .invalidEvent, "\(event)")
            #expect(error?.message.contains(message) == true, "\(event): \(error?.message ?? "")")
            #expect(error?.context["field"] == field, "\(event)")
        }
    }

    @Test("the fan-out threshold: above ANALYTICS_FANOUT_MB the plan fans out, above the partition count distributed")
    func thresholds() async throws {
        let (store, _) = try AnalyticsAggregateHandlerTests.stage(items: 400, files: 3, incremental: false)
        var configuration = AnalyticsAggregateConfiguration(exportBucket: "exports", partitionBytes: 1)
        configuration.fanOutBytes = 0
        configuration.distributedPartitions = 2
        let handler = AnalyticsAggregateHandler(
            configuration: configuration,
            dependencies: AnalyticsAggregateDependencies(
                objects: store, jobs: InMemoryJobStore(), outputs: RecordingOutputs(),
                time: ManualTimeSource(now: AnalyticsAggregateHandlerTests.today.startTimestamp)))
        let plan = try await Self.invoke(handler, #"{"action":"plan",\#(Self.backfill)}"#)
        #expect(plan["fanOut"] == true)
        #expect(plan["distributed"] == true)
        #expect(plan["partitions"] == [])  // the Distributed Map reads the list from S3
        #expect(plan["itemsKey"]?.stringValue?.hasPrefix("exports/aggregates/plans/") == true)
        let configured = try AnalyticsAggregateConfiguration(environment: [
            "EXPORT_BUCKET": "b", "ANALYTICS_FANOUT_MB": "3", "ANALYTICS_DISTRIBUTED_PARTITIONS": "7",
        ])
        #expect(configured.fanOutBytes == 3 << 20)
        #expect(configured.distributedPartitions == 7)
        #expect(AnalyticsAggregateConfiguration(exportBucket: "b").fanOutBytes == 1_024 << 20)
        #expect(throws: AnalyticsHandlerError.self) {
            _ = try AnalyticsAggregateConfiguration(environment: ["EXPORT_BUCKET": "b", "ANALYTICS_FANOUT_MB": "x"])
        }
    }
}
