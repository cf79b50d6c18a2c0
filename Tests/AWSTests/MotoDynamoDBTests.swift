import AWS
import BackfillTesting
import HTTP
import Testing

@Suite("DynamoDB against moto_server with signature checking")
struct MotoDynamoDBTests {
    static let jobs = DynamoDBTableDefinition(
        name: "BackfillJobs", partitionKey: .init("job_id"), sortKey: .init("partition"),
        globalIndexes: [.init(name: "tenant-status", partitionKey: .init("tenant_id"), sortKey: .init("status"))])

    @Test("creates and describes a table, then reads and writes items with conditions")
    func itemsAndConditions() async throws {
        try await MotoServer.withServer { moto in
            try await CurlHTTPClient.withClient { http in
                let dynamo = DynamoDBClient(client: AWSClient(configuration: moto.configuration(), transport: http))
                let created = try await dynamo.createTable(Self.jobs)
                #expect(created.name == "BackfillJobs")
                let described = try await dynamo.describeTable("BackfillJobs")
                #expect(described.status == "ACTIVE")
                #expect(described.arn.hasSuffix("table/BackfillJobs"))

                let key: DynamoDBItem = ["job_id": "j1", "partition": "2025-11"]
                try await dynamo.putItem(
                    table: "BackfillJobs", item: key.merging(["status": "pending", "attempts": 0]) { $1 },
                    condition: "attribute_not_exists(job_id)")
                let again = await #expect(throws: AWSError.self) {
                    try await dynamo.putItem(
                        table: "BackfillJobs", item: key, condition: "attribute_not_exists(job_id)")
                }
                #expect(again?.isConditionalCheckFailed == true)
                #expect(again?.status == 400)
                #expect(again?.operation == "PutItem")

                let updated = try await dynamo.updateItem(
                    table: "BackfillJobs", key: key, update: "SET #s = :running ADD attempts :one",
                    condition: "#s = :pending", names: ["#s": "status"],
                    values: [":running": "running", ":pending": "pending", ":one": 1])
                #expect(updated?["status"] == "running")
                #expect(updated?["attempts"]?.intValue == 1)

                let read = try await dynamo.getItem(table: "BackfillJobs", key: key, consistentRead: true)
                #expect(read?["status"] == "running")
                let missing = try await dynamo.getItem(
                    table: "BackfillJobs", key: ["job_id": "nope", "partition": "x"])
                #expect(missing == nil)
            }
        }
    }
}
