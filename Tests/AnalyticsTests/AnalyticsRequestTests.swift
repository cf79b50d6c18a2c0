import Analytics
import JSON
import Testing
import Timekeeping

@Suite("analytics events")
struct AnalyticsRequestTests {
    static let today = CivilDate(year: 2025, month: 3, day: 10)

    func parse(_ text: String) throws -> AnalyticsRequest {
        try AnalyticsRequest(event: try JSONParser.parse(Array(text.utf8)), today: Self.today)
    }

    func message(_ text: String) -> String? {
        do {
            _ = try parse(text)
            return nil
        } catch let error as AnalyticsHandlerError {
            #expect(error.errorType == "InvalidEvent")
            return error.message
        } catch {
            return "\(error)"
        }
    }

    @Test("incremental is the default, also for a scheduled event")
    func incremental() throws {
        #expect(try parse("{}").mode == .incremental)
        #expect(try parse(#"{"mode":"incremental"}"#).mode == .incremental)
        let scheduled = #"{"version":"0","detail-type":"Scheduled Event","source":"aws.events","detail":{}}"#
        #expect(try parse(scheduled).mode == .incremental)
        #expect(try parse("{}").exportType == .incremental)
        #expect(try parse("{}").days(today: Self.today) == Self.today.adding(days: -1)...Self.today.adding(days: -1))
    }

    @Test("backfill with a start date, and an export ARN")
    func backfill() throws {
        let request = try parse(#"{"mode":"backfill","backfillStartDate":"2025-01-17","exportArn":"arn:x/export/1"}"#)
        #expect(request.mode == .backfill(start: CivilDate(year: 2025, month: 1, day: 17)))
        #expect(request.exportArn == "arn:x/export/1")
        #expect(request.exportType == .full)
        #expect(request.days(today: Self.today)?.upperBound == CivilDate(year: 2025, month: 3, day: 9))
    }

    @Test("the status action needs an export ARN")
    func status() throws {
        #expect(try parse(#"{"action":"status","exportArn":"arn:x"}"#).isStatus)
        #expect(message(#"{"action":"status"}"#) == "exportArn is required for the status action")
        #expect(
            message(#"{"action":"delete","exportArn":"arn:x"}"#)
                == "Invalid action. Must be 'status', 'plan', 'aggregatePartition' or 'merge'")
    }

    @Test("the fan-out actions: plan keeps the mode, the others need a job id (and a partition)")
    func fanOutActions() throws {
        let plan = try parse(#"{"action":"plan","mode":"backfill","backfillStartDate":"2025-01-17"}"#)
        #expect(plan.fanOut == .plan)
        #expect(plan.exportType == .full)
        #expect(!plan.isStatus)
        #expect(
            try parse(#"{"action":"aggregatePartition","job_id":"j","partition":"files-00001"}"#).fanOut
                == .aggregatePartition(jobID: "j", partition: "files-00001"))
        #expect(try parse(#"{"action":"merge","job_id":"j"}"#).fanOut == .merge(jobID: "j"))
        #expect(try parse(#"{"mode":"incremental"}"#).fanOut == nil)
        #expect(message(#"{"action":"plan","mode":"full"}"#) == "Invalid mode. Must be 'incremental' or 'backfill'")
        #expect(
            message(#"{"action":"aggregatePartition","job_id":"j"}"#)
                == "partition is required for the aggregatePartition action")
        #expect(message(#"{"action":"merge","job_id":""}"#) == "job_id must be a non-empty string")
    }

    @Test(
        "errors are worded as the existing tool's",
        arguments: [
            (#"{"mode":"full"}"#, "Invalid mode. Must be 'incremental' or 'backfill'"),
            (#"{"mode":3}"#, "Invalid mode. Must be 'incremental' or 'backfill'"),
            (#"{"mode":"backfill"}"#, "backfillStartDate is required for backfill mode"),
            (#"{"mode":"backfill","backfillStartDate":null}"#, "backfillStartDate is required for backfill mode"),
            (#"{"mode":"backfill","backfillStartDate":"2025-02-30"}"#, "Invalid backfillStartDate format"),
            (#"{"mode":"backfill","backfillStartDate":"17/01/2025"}"#, "Invalid backfillStartDate format"),
            (#"{"mode":"backfill","backfillStartDate":"2025-03-11"}"#, "Invalid backfillStartDate format"),
            (#"{"mode":"backfill","backfillStartDate":20250117}"#, "Invalid backfillStartDate format"),
            (#"[]"#, "The event must be a JSON object, got an array"),
        ])
    func errors(event: String, expected: String) {
        #expect(message(event) == expected)
    }

    @Test("configuration errors name the variable")
    func configuration() {
        #expect(throws: AnalyticsHandlerError(.configuration, "TABLE_NAME environment variable is required")) {
            try AnalyticsExportConfiguration(environment: ["EXPORT_BUCKET": "b"])
        }
        #expect(throws: AnalyticsHandlerError(.configuration, "EXPORT_BUCKET environment variable is required")) {
            try AnalyticsExportConfiguration(environment: ["TABLE_NAME": "t"])
        }
        #expect(throws: AnalyticsHandlerError(.configuration, "EXPORT_BUCKET environment variable is required")) {
            try AnalyticsAggregateConfiguration(environment: [:])
        }
        let export = try? AnalyticsExportConfiguration(environment: ["TABLE_NAME": "t", "EXPORT_BUCKET": "b"])
        #expect(export?.exportPrefix == "exports")
        let aggregate = try? AnalyticsAggregateConfiguration(environment: ["EXPORT_BUCKET": "b"])
        #expect(aggregate?.metricsNamespace == "BubblyClouds/Analytics")
        #expect(aggregate?.aggregatesPrefix(exportId: "e1") == "exports/aggregates/e1/")
    }

    @Test("data files are grouped into partitions of bounded bytes, in key order")
    func partitions() {
        let files = [("d", 50), ("a", 40), ("b", 70), ("c", 200), ("e", 10)].map { (key: $0.0, size: $0.1) }
        let partitions = ExportPartitions(files: files, maximumBytes: 100)
        #expect(partitions.groups.map(\.files) == [["a"], ["b"], ["c"], ["d", "e"]])
        #expect(partitions.keys == ["files-00001", "files-00002", "files-00003", "files-00004"])
        #expect(partitions.totalBytes == 370)
        #expect(ExportPartitions(files: [], maximumBytes: 100).groups.isEmpty)
    }
}
