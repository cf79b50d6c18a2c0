import AWS
import Analytics
import BackfillTesting
import Foundation
import JSON
import Testing

/// The `AnalyticsBackfill` state machine read out of template.yaml, executed by moto's interpreter with the real
/// handlers behind its Lambda tasks: export → wait → status → plan → aggregate (or fan out over partitions and
/// merge) → done. moto's interpreter reads a Distributed Map's items from `localhost:$MOTO_PORT`, the Lambda Invoke
/// stand-in here, which forwards that S3 read back to moto re-signed, so the distributed branch runs too.
@Suite("AnalyticsBackfill executed by moto", .serialized)
struct AnalyticsStateMachineTests {
    static let templatePath =
        String(#filePath.dropLast("Tests/IntegrationTests/Analytics/AnalyticsStateMachineTests.swift".count))
        + "template.yaml"

    /// The definition between the BEGIN/END markers, with the function ARNs and parameters substituted.
    static func definition(pollSeconds: Int, mapConcurrency: Int = 4) throws -> String {
        let template = try String(contentsOfFile: templatePath, encoding: .utf8)
        let lines = template.split(separator: "\n", omittingEmptySubsequences: false)
        guard let begin = lines.firstIndex(where: { $0.contains("BEGIN AnalyticsBackfill") }),
            let end = lines.firstIndex(where: { $0.contains("END AnalyticsBackfill") })
        else { throw AWSError(.invalidRequest, "no AnalyticsBackfill definition in template.yaml") }
        var text = lines[(begin - 1)...(end + 3)].map { String($0.drop { $0 == " " }) }.joined(separator: "\n")
        let substitutions = [
            "${AnalyticsExportFunction.Arn}": "arn:aws:lambda:us-east-1:123456789012:function:AnalyticsExportFunction",
            "${AnalyticsAggregateFunction.Arn}":
                "arn:aws:lambda:us-east-1:123456789012:function:AnalyticsAggregateFunction",
            "${AnalyticsExportPollSeconds}": String(pollSeconds), "${AnalyticsMaxWaitSeconds}": "600",
            "${AnalyticsMapConcurrency}": String(mapConcurrency),
        ]
        for (name, value) in substitutions { text = text.replacingOccurrences(of: name, with: value) }
        return text
    }

    @Test("the template's definition parses; fan-out goes through an inline or a Distributed Map to the merge")
    func definitionParses() throws {
        let parsed = try JSONParser.parse(Array(try Self.definition(pollSeconds: 1, mapConcurrency: 7).utf8))
        let states = try #require(parsed["States"])
        #expect(parsed["StartAt"] == "StartExport")
        #expect(states["WaitForExport"]?["Seconds"] == 1)
        #expect(states["ExportFinished"]?["Choices"]?.arrayValue?.first?["Next"] == "Plan")
        #expect(states["Plan"]?["Parameters"]?["Payload"]?["action"] == "plan")
        let choices = states["FanOut"]?["Choices"]?.arrayValue ?? []
        #expect(choices.map { $0["Next"] } == ["AggregateFilesDistributed", "AggregateFiles"])
        #expect(states["FanOut"]?["Default"] == "Aggregate")
        let inline = try #require(states["AggregateFiles"])
        let distributed = try #require(states["AggregateFilesDistributed"])
        #expect(inline["ItemProcessor"]?["ProcessorConfig"]?["Mode"] == "INLINE")
        #expect(inline["ItemsPath"] == "$.plan.partitions")
        #expect(distributed["ItemProcessor"]?["ProcessorConfig"]?["Mode"] == "DISTRIBUTED")
        #expect(distributed["ItemReader"]?["Resource"] == "arn:aws:states:::s3:getObject")
        #expect(distributed["ItemReader"]?["ReaderConfig"]?["InputType"] == "JSON")
        #expect(distributed["ItemReader"]?["Parameters"]?["Bucket.$"] == "$.plan.itemsBucket")
        #expect(distributed["ItemReader"]?["Parameters"]?["Key.$"] == "$.plan.itemsKey")
        for map in [inline, distributed] {
            #expect(map["MaxConcurrency"] == 7)
            #expect(map["ItemSelector"]?["action"] == "aggregatePartition")
            #expect(map["ItemSelector"]?["partition.$"] == "$$.Map.Item.Value.partition")
            #expect(map["Next"] == "Merge")
            #expect(map["Catch"]?.arrayValue?.first?["Next"] == "Merge")
            let task = map["ItemProcessor"]?["States"]?["AggregatePartition"]
            #expect(task?["Retry"]?.arrayValue?.first?["MaxAttempts"] != nil)
            #expect(task?["Parameters"]?["FunctionName"] == states["Merge"]?["Parameters"]?["FunctionName"])
        }
        #expect(states["Merge"]?["Parameters"]?["Payload"]?["action"] == "merge")
        #expect(states["MergeFinished"]?["Choices"]?.arrayValue?.first?["Next"] == "Merge")
    }

    @Test("below the threshold: export, status poll, plan and one aggregation through the real handlers")
    func singleTask() async throws {
        let run = try await AnalyticsStateMachineRun.execute()
        #expect(run.status == "SUCCEEDED", "\(run.output)")
        #expect(run.output["export"]?["exportArn"]?.stringValue != nil)
        #expect(run.output["plan"]?["fanOut"] == false)
        #expect(run.output["aggregate"]?["body"]?["items"] == 3_000)
        #expect(run.output["aggregate"]?["body"]?["mode"] == "backfill")
        #expect(run.invocations.first?.function == "AnalyticsExportFunction")
        #expect(run.aggregatorActions == ["plan", "aggregate"])
    }

    @Test("above the threshold: a Map over the partitions and a merge; the table equals the single task's and Python's")
    func fanOut() async throws {
        let fanned = try await AnalyticsStateMachineRun.execute { configuration in
            configuration.fanOutBytes = 0  // always fan out
            configuration.partitionBytes = 1  // one data file per partition: the export's 3 files
        }
        #expect(fanned.status == "SUCCEEDED", "\(fanned.output)")
        #expect(fanned.output["plan"]?["fanOut"] == true)
        #expect(fanned.output["plan"]?["distributed"] == false)
        #expect(fanned.output["plan"]?["partitionCount"] == 3)
        #expect(fanned.output["aggregate"]?["body"]?["items"] == 3_000)
        #expect(fanned.output["fanOutError"] == nil)
        let actions = fanned.aggregatorActions
        #expect(actions.first == "plan" && actions.last == "merge", "\(actions)")
        #expect(!actions.contains("aggregate"), "\(actions)")
        let partitions = fanned.invocations.compactMap { invocation -> String? in
            guard invocation.payloadJSON["action"] == "aggregatePartition" else { return nil }
            #expect(invocation.payloadJSON["job_id"] == fanned.output["plan"]?["job_id"])
            return invocation.payloadJSON["partition"]?.stringValue
        }
        #expect(Set(partitions) == ["files-00001", "files-00002", "files-00003"])

        let single = try await AnalyticsStateMachineRun.execute()
        #expect(single.status == "SUCCEEDED")
        #expect(!fanned.rows.isEmpty)
        #expect(fanned.metrics == single.metrics)
        let python = try AnalyticsMotoTests.pythonAggregates(items: 3_000, files: 3, seed: 1)
        #expect(!python.isEmpty)
        for (key, metrics) in python {
            for name in ["ActiveUsers", "GamesPlayed", "PartiesCreated", "PartiesJoined"] {
                #expect(AnalyticsMotoTests.number(fanned.rows[key], name) == metrics[name], "\(key) \(name)")
            }
        }
    }

    @Test("above the distributed threshold: the partition list read from S3 by a Distributed Map, then the merge")
    func distributedFanOut() async throws {
        let run = try await AnalyticsStateMachineRun.execute { configuration in
            configuration.fanOutBytes = 0
            configuration.partitionBytes = 1
            configuration.distributedPartitions = 2  // 3 partitions: distributed
        }
        #expect(run.status == "SUCCEEDED", "\(run.output)")
        #expect(run.output["plan"]?["distributed"] == true)
        #expect(run.output["plan"]?["partitions"] == [])
        #expect(run.output["plan"]?["itemsKey"]?.stringValue != nil)
        #expect(run.output["aggregate"]?["body"]?["items"] == 3_000)
        #expect(run.output["fanOutError"] == nil)
        let actions = run.aggregatorActions
        #expect(actions.first == "plan" && actions.last == "merge" && !actions.contains("aggregate"), "\(actions)")
        let partitions = run.invocations.compactMap { $0.payloadJSON["partition"]?.stringValue }
        #expect(Set(partitions) == ["files-00001", "files-00002", "files-00003"], "read from the S3 list")
        let python = try AnalyticsMotoTests.pythonAggregates(items: 3_000, files: 3, seed: 1)
        #expect(!python.isEmpty && !run.rows.isEmpty)
        for (key, metrics) in python {
            for name in ["ActiveUsers", "GamesPlayed", "PartiesCreated", "PartiesJoined"] {
                #expect(AnalyticsMotoTests.number(run.rows[key], name) == metrics[name], "\(key) \(name)")
            }
        }
    }
}
