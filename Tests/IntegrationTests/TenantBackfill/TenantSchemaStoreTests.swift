import AWS
import BackfillCore
import BackfillTesting
import HTTP
import JSON
import TenantBackfill
import Testing

/// The job's schema pins in the jobs table on moto (signature checking on).
@Suite("DynamoDB schema pins: the first pin wins, later pins read it back")
struct TenantSchemaStoreTests {
    @Test("pin, a second pin returns the first, and the item sits beside the job")
    func pins() async throws {
        try await MotoServer.withServer { moto in
            try await CurlHTTPClient.withClient { http in
                let dynamo = DynamoDBClient(client: AWSClient(configuration: moto.configuration(), transport: http))
                try await dynamo.createTable(DynamoDBJobStore.tableDefinition())
                let store = DynamoDBTenantSchemas(dynamo: dynamo, table: "BackfillJobs") { 1_700_000_000 }
                let first: JSONValue = ["columns": [["name": "id", "type": "int64", "nullable": true]]]
                let second: JSONValue = ["columns": [["name": "sys_id", "type": "string", "nullable": true]]]
                #expect(try await store.pinned(jobID: "job-1", table: "service/tickets") == nil)
                #expect(try await store.pin(jobID: "job-1", table: "service/tickets", schema: first) == first)
                #expect(try await store.pin(jobID: "job-1", table: "service/tickets", schema: second) == first)
                #expect(try await store.pinned(jobID: "job-1", table: "service/tickets") == first)
                #expect(try await store.pin(jobID: "job-1", table: "time/entries", schema: second) == second)
                let item = try #require(
                    try await dynamo.getItem(
                        table: "BackfillJobs", key: ["job_id": "job-1#schema#service/tickets"], consistentRead: true))
                #expect(item["parent"] == "job-1")
                #expect(item["expires_at"] == .number(String(1_700_000_000 + 180 * 86_400)))
            }
        }
    }
}
