import JSON
import Timekeeping

extension DynamoDBClient {
    /// Reads many items of `table` by key, 100 per BatchGetItem, consistently when asked. Keys DynamoDB leaves
    /// unprocessed are asked again after a growing pause (through the client's `TimeSource`); missing items are
    /// simply absent from the answer. Returns the items found, in no particular order.
    public func batchGet(
        table: String,
        keys: [DynamoDBItem],
        consistentRead: Bool = false,
        maxRounds: Int = 10
    ) async throws -> [DynamoDBItem] {
        var found: [DynamoDBItem] = []
        var start = 0
        while start < keys.count {
            let end = min(start + 100, keys.count)
            found += try await getBatch(
                table: table, Array(keys[start..<end]), consistentRead: consistentRead, maxRounds: maxRounds)
            start = end
        }
        return found
    }

    private func getBatch(
        table: String,
        _ keys: [DynamoDBItem],
        consistentRead: Bool,
        maxRounds: Int
    ) async throws -> [DynamoDBItem] {
        var pending: [JSONValue] = keys.map(DynamoDBValue.itemJSON)
        var found: [DynamoDBItem] = []
        var round = 0
        while !pending.isEmpty {
            if round > 0 {
                guard round < maxRounds else {
                    throw AWSError(
                        .service, "\(pending.count) keys still unprocessed after \(round) BatchGetItem rounds",
                        serviceCode: "ProvisionedThroughputExceededException", service: AWSService.dynamoDB.id,
                        operation: "BatchGetItem")
                }
                try await client.timeSource.sleep(for: .milliseconds(min(100 << min(round - 1, 16), 5_000)))
            }
            let request: JSONValue = ["Keys": .array(pending), "ConsistentRead": .bool(consistentRead)]
            let output = try await call("BatchGetItem", [("RequestItems", .object(JSONObject([(table, request)])))])
            for item in output["Responses"]?[table]?.arrayValue ?? [] {
                found.append(try DynamoDBValue.item(from: item))
            }
            pending = output["UnprocessedKeys"]?[table]?["Keys"]?.arrayValue ?? []
            round += 1
        }
        return found
    }
}
