import AWS
import BackfillCore
import BackfillTesting
import ConnectWiseFake
import HTTP
import JSON
import Logging
import TenantBackfill
import Testing
import Timekeeping

/// The family wired from the environment against moto (signature checking on), the ConnectWise fake and the
/// Lambda Invoke stand-in.
@Suite("tenant-backfill against moto and the fakes", .serialized)
struct MotoTenantBackfillTests {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
    static let jobID = "backfill_t1_connectwise_20230101"

    static func handler(_ stack: TenantStack) async throws -> TenantBackfillHandler {
        try await TenantBackfillFamily.make(HandlerSetup(variables: stack.environment, logger: logger))
    }

    static func run(_ handler: TenantBackfillHandler, _ event: JSONValue) async throws -> JSONValue {
        try await handler.run(TenantBackfillRequest(event: event), owner: "test", deadline: .none, logger: logger)
    }

    @Test("chunks of two tables land in moto S3 and read back as one table each; trigger, marker and summary")
    func endToEnd() async throws {
        try await TenantStack.with { stack in
            let handler = try await Self.handler(stack)
            let result = try await Self.run(
                handler,
                [
                    "tenant_id": "t1", "service": "connectwise", "tables": ["service/tickets", "time/entries"],
                    "start_date": "2023-01-01T00:00:00Z", "end_date": "2023-04-01", "chunk_size_days": 30,
                ])
            #expect(result["statusCode"] == 200)
            let expected = ConnectWiseFakeData().indices(
                from: CivilDate(year: 2023, month: 1, day: 1).startTimestamp,
                to: CivilDate(year: 2023, month: 4, day: 1).startTimestamp
            ).count
            try await stack.withClient { client in
                let read = try await TenantReadBack.read(
                    client, bucket: TenantStack.bucket, prefix: "t1/raw/connectwise/tickets/", idColumn: "id")
                #expect(read["files"] == 3 && read["same_schema"] == true && read["chunks"] == 3)
                #expect(read["total"]?.intValue == Int64(expected) && read["distinct_ids"]?.intValue == Int64(expected))
                let head = try await S3Client(client: client).getObjectBytes(
                    bucket: TenantStack.bucket, key: "t1/backfill/\(Self.jobID).json")
                let summary = try JSONParser.parse(head)
                #expect(summary["tables"]?["time/entries"]?["status"] == "complete")
                let marker = try await DynamoDBClient(client: client).getItem(
                    table: "LastUpdated", key: ["tenant_id": "t1", "table_name": "connectwise#entries"])
                #expect(marker?["last_updated"]?.stringValue == "2023-04-01T00:00:00Z")
            }
            let triggers = stack.lambda.invocations.filter { $0.invocationType == "Event" }
            #expect(
                Set(triggers.map(\.function))
                    == ["avesa-canonical-transform-tickets-test", "avesa-canonical-transform-entries-test"])
            #expect(
                triggers.first { $0.function.contains("tickets") }?.payloadJSON["s3_prefix"]
                    == "t1/raw/connectwise/tickets/")
        }
    }

    @Test("the DynamoDB marker never moves behind a newer one written by the regular sync")
    func markerForwardOnly() async throws {
        try await TenantStack.with { stack in
            try await stack.withClient { client in
                let markers = DynamoDBSyncMarkers(dynamo: DynamoDBClient(client: client), table: "LastUpdated")
                #expect(
                    try await markers.advance(
                        tenantID: "t1", tableName: "connectwise#tickets", to: "2024-05-01T00:00:00Z"))
                #expect(
                    !(try await markers.advance(
                        tenantID: "t1", tableName: "connectwise#tickets", to: "2023-04-01T00:00:00Z")))
                #expect(
                    try await markers.advance(
                        tenantID: "t1", tableName: "connectwise#tickets", to: "2024-06-01T00:00:00Z"))
                let item = try await DynamoDBClient(client: client).getItem(
                    table: "LastUpdated", key: ["tenant_id": "t1", "table_name": "connectwise#tickets"])
                #expect(item?["last_updated"]?.stringValue == "2024-06-01T00:00:00Z")
            }
        }
    }

    @Test("wrong credentials fail every chunk naming the secret; nothing is triggered; the key is not echoed")
    func badCredentials() async throws {
        try await TenantStack.with(privateKey: "not-the-key-777") { stack in
            let handler = try await Self.handler(stack)
            let result = try await Self.run(
                handler,
                [
                    "tenant_id": "t1", "service": "connectwise", "table_name": "service/tickets",
                    "start_date": "2023-01-01", "end_date": "2023-02-01",
                ])
            #expect(result["statusCode"] == 207)
            let text = result.serialized()
            #expect(text.contains("check the credentials in secret tenants/t1/connectwise"))
            #expect(!text.contains("not-the-key-777"))
            #expect(stack.lambda.invocations.isEmpty)
        }
    }

    @Test("a job stopped by its deadline resumes with {resume_job_id} and fetches each chunk once")
    func resumeAfterKill() async throws {
        try await TenantStack.with { stack in
            let event: JSONValue = [
                "tenant_id": "t1", "service": "connectwise", "table_name": "service/tickets",
                "start_date": "2023-01-01", "end_date": "2023-04-01", "chunk_size_days": 30,
            ]
            // A deadline already passed: the job is created and no chunk is started.
            let handler = try await Self.handler(stack)
            let first = try await handler.run(
                TenantBackfillRequest(event: event), owner: "first", deadline: .remaining { .zero }, logger: Self.logger
            )
            #expect(first["body"]?["continue"] == true)
            let before = stack.connectWise.requests.count
            let resumed = try await Self.run(try await Self.handler(stack), ["resume_job_id": .string(Self.jobID)])
            #expect(resumed["statusCode"] == 200 && resumed["body"]?["message"] == "backfill_complete")
            #expect(stack.connectWise.requests.count - before == 3)
            let again = try await Self.run(try await Self.handler(stack), ["resume_job_id": .string(Self.jobID)])
            #expect(again["statusCode"] == 200)
            #expect(stack.connectWise.requests.count - before == 3)
        }
    }

    @Test(
        "an ingestion-Lambda service: Invoke over REST (signed, through AWS_ENDPOINT_URL_LAMBDA) with the exact payload"
    )
    func ingestionLambda() async throws {
        let respond: @Sendable (String, JSONValue) -> LoopbackResponse = { function, payload in
            guard function == "avesa-acme-ingestion-test" else { return LoopbackResponse(status: 404, text: "{}") }
            let start = String((payload["start_date"]?.stringValue ?? "").prefix(10))
            let records: JSONValue = [
                "records": [["id": 1, "lastUpdated": .string(start + "T05:00:00Z"), "title": "first"]]
            ]
            return LoopbackResponse(status: 200, text: records.serialized())
        }
        try await TenantStack.with(lambdaRespond: respond) { stack in
            try await stack.withClient { client in
                try await DynamoDBClient(client: client).putItem(
                    table: "TenantServices", item: ["tenant_id": "t1", "service": "acme", "enabled": true])
            }
            var variables = stack.environment
            variables["BACKFILL_CONFIG"] = #"{"service_settings":{"acme":{"tables":["tickets"],"chunk_size_days":7}}}"#
            let handler = try await TenantBackfillFamily.make(HandlerSetup(variables: variables, logger: Self.logger))
            let result = try await Self.run(
                handler, ["tenant_id": "t1", "service": "acme", "start_date": "2024-01-01", "end_date": "2024-01-15"])
            #expect(result["statusCode"] == 200)
            let sync = stack.lambda.invocations.filter { $0.invocationType == "RequestResponse" }
            #expect(sync.count == 2)
            #expect(
                sync.first?.payloadJSON
                    == [
                        "tenant_id": "t1", "service_name": "acme", "table_name": "tickets",
                        "start_date": "2024-01-01T00:00:00Z", "end_date": "2024-01-08T00:00:00Z",
                        "backfill_mode": true, "force_full_sync": true, "chunk_number": 1, "total_chunks": 2,
                    ])
            let read = try await stack.withClient { client in
                try await TenantReadBack.read(
                    client, bucket: TenantStack.bucket, prefix: "t1/raw/acme/tickets/", idColumn: "id")
            }
            #expect(read["files"] == 2 && read["total"] == 2)
            #expect(
                stack.lambda.invocations.filter { $0.invocationType == "Event" }.map(\.function) == [
                    "avesa-canonical-transform-tickets-test"
                ])
        }
    }
}
