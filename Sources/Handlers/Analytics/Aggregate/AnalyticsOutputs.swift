public import AWS
public import JSON
import Timekeeping

/// Where the aggregator's results go: the analytics table and CloudWatch (DynamoDB and CloudWatch in Lambda,
/// doubles in tests).
public protocol AnalyticsOutputs: Sendable {
    /// Overwrites the table's items for `rows` (idempotent: re-running writes identical items).
    func writeRows(_ rows: [DailyMetrics], exportArn: String, updatedAt: String) async throws -> Int
    /// Sends one PutMetricData request body (JSON 1.0, never compressed).
    func putMetricData(_ body: JSONValue) async throws
}

/// The analytics table over BatchWriteItem (by 25; unprocessed items retried with backoff by the client) and
/// CloudWatch's PutMetricData.
public struct AWSAnalyticsOutputs: AnalyticsOutputs {
    let dynamoDB: DynamoDBClient
    let client: AWSClient
    let table: String

    /// Outputs writing `table` through `dynamoDB` and publishing through `client`.
    public init(dynamoDB: DynamoDBClient, client: AWSClient, table: String) {
        self.dynamoDB = dynamoDB
        self.client = client
        self.table = table
    }

    public func writeRows(_ rows: [DailyMetrics], exportArn: String, updatedAt: String) async throws -> Int {
        let requests = rows.map {
            DynamoDBClient.WriteRequest.put(Self.item($0, exportArn: exportArn, updatedAt: updatedAt))
        }
        try await dynamoDB.batchWrite(table: table, requests)
        return requests.count
    }

    public func putMetricData(_ body: JSONValue) async throws {
        _ = try await client.callJSON(.cloudWatch, "PutMetricData", body)
    }

    /// The item of one (date, app): the key, the four metrics, `updated_at` and `export_arn`.
    public static func item(_ row: DailyMetrics, exportArn: String, updatedAt: String) -> DynamoDBItem {
        [
            "date": .string(row.date.iso8601), "app": .string(row.app),
            "ActiveUsers": .number(String(row.activeUsers)), "GamesPlayed": .number(String(row.gamesPlayed)),
            "PartiesCreated": .number(String(row.partiesCreated)), "PartiesJoined": .number(String(row.partiesJoined)),
            "updated_at": .string(updatedAt), "export_arn": .string(exportArn),
        ]
    }
}
