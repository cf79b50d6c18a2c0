import AWS
import AWSSigV4
import Analytics
import BackfillTesting
import HTTP
import JSON
import LambdaRuntime
import Logging
import Testing
import Timekeeping

/// The ExportTableToPointInTime requests `analytics-export` sends, against a loopback DynamoDB fake (moto
/// ignores `ClientToken`, so idempotency is asserted on the requests): a retry is the identical request.
@Suite("analytics-export requests")
struct AnalyticsExportRequestTests {
    static func run(_ requests: [AnalyticsRequest], answer: @escaping @Sendable (JSONValue) -> LoopbackResponse)
        async throws -> [JSONValue]
    {
        let sent = LockedValue<[JSONValue]>([])
        let server = try LoopbackHTTPServer { request in
            let input = (try? JSONParser.parse(request.body)) ?? .null
            sent.withLock { $0.append(input) }
            return answer(input)
        }
        defer { server.stop() }
        let clock = ManualTimeSource(now: Timestamp(secondsSince1970: 1_741_600_000))  // 2025-03-10T09:46:40Z
        try await CurlHTTPClient.withClient { http in
            let client = AWSClient(
                configuration: AWSConfiguration(
                    region: "us-east-1",
                    credentials: AWSCredentials(accessKeyID: "AKIDFAKE", secretAccessKey: "fake"),
                    endpointURL: server.baseURL, retry: AWSRetryConfiguration(maxAttempts: 1)),
                transport: http, timeSource: clock)
            let handler = AnalyticsExportHandler(
                configuration: AnalyticsExportConfiguration(
                    tableName: "main", exportBucket: "exports", tableArn: "arn:aws:dynamodb:us-east-1:1:table/main"),
                dynamoDB: DynamoDBClient(client: client), time: clock)
            for request in requests {
                _ = try await handler.start(request, logger: Logger(label: "t") { _ in SwiftLogNoOpLogHandler() })
            }
        }
        return sent.value
    }

    static func started(_ input: JSONValue) -> LoopbackResponse {
        let body: JSONValue = [
            "ExportDescription": [
                "ExportArn": "arn:aws:dynamodb:us-east-1:1:table/main/export/0170-ab", "ExportStatus": "IN_PROGRESS",
            ]
        ]
        return LoopbackResponse(
            status: 200, headers: ["Content-Type": "application/x-amz-json-1.0"], text: body.serialized())
    }

    @Test("incremental: yesterday's window, NEW_IMAGE, the same ClientToken on a retry")
    func incremental() async throws {
        let sent = try await Self.run([AnalyticsRequest(mode: .incremental), AnalyticsRequest(mode: .incremental)]) {
            Self.started($0)
        }
        #expect(sent.count == 2)
        #expect(sent[0] == sent[1])
        #expect(sent[0]["ExportType"] == "INCREMENTAL_EXPORT")
        #expect(sent[0]["ClientToken"] == "analytics-incremental-2025-03-09")
        let spec = sent[0]["IncrementalExportSpecification"]
        #expect(spec?["ExportViewType"] == "NEW_IMAGE")
        #expect(
            spec?["ExportFromTime"] == .int(CivilDate(year: 2025, month: 3, day: 9).startTimestamp.secondsSince1970))
        #expect(spec?["ExportToTime"] == .int(CivilDate(year: 2025, month: 3, day: 10).startTimestamp.secondsSince1970))
        #expect(sent[0]["S3Prefix"] == "exports")
    }

    @Test("backfill: a full export without ExportTime, the same request on a retry")
    func backfill() async throws {
        let request = AnalyticsRequest(mode: .backfill(start: CivilDate(year: 2025, month: 1, day: 17)))
        let sent = try await Self.run([request, request]) { Self.started($0) }
        #expect(sent.count == 2)
        #expect(sent[0] == sent[1])
        #expect(sent[0]["ExportType"] == "FULL_EXPORT")
        #expect(sent[0]["ExportTime"] == nil)
        #expect(sent[0]["ClientToken"] == "analytics-backfill-2025-03-10")
    }

    @Test("PITR disabled: DynamoDB's message plus what to do")
    func pitrDisabled() async throws {
        let error = await #expect(throws: AnalyticsHandlerError.self) {
            _ = try await Self.run([AnalyticsRequest(mode: .incremental)]) { _ in
                let body: JSONValue = [
                    "__type": "com.amazonaws.dynamodb.v20120810#PointInTimeRecoveryUnavailableException",
                    "message": "Point in time recovery is not enabled for table 'main'",
                ]
                return LoopbackResponse(
                    status: 400, headers: ["Content-Type": "application/x-amz-json-1.0"], text: body.serialized())
            }
        }
        #expect(error?.message.contains("Point in time recovery is not enabled for table 'main'") == true)
        #expect(error?.message.contains("update-continuous-backups") == true)
        #expect(error?.errorType == "ExportError")
    }
}
