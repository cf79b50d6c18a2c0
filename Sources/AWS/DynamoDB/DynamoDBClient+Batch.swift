import JSON
import Timekeeping

extension DynamoDBClient {
    /// One write of a BatchWriteItem.
    public enum WriteRequest: Sendable, Equatable {
        case put(DynamoDBItem)
        case delete(key: DynamoDBItem)
    }

    /// Writes many items to `table` in batches of 25. Items DynamoDB leaves unprocessed (under throttling) are
    /// sent again after a growing pause (100 ms doubling to 5 s, through the client's `TimeSource`); after
    /// `maxRounds` rounds with items still unprocessed, throws a `ProvisionedThroughputExceededException`.
    public func batchWrite(table: String, _ requests: [WriteRequest], maxRounds: Int = 10) async throws {
        var start = 0
        while start < requests.count {
            let end = min(start + 25, requests.count)
            try await writeBatch(table: table, Array(requests[start..<end]), maxRounds: maxRounds)
            start = end
        }
    }

    private func writeBatch(table: String, _ batch: [WriteRequest], maxRounds: Int) async throws {
        var pending: [JSONValue] = batch.map { request in
            switch request {
            case .put(let item): ["PutRequest": ["Item": DynamoDBValue.itemJSON(item)]]
            case .delete(let key): ["DeleteRequest": ["Key": DynamoDBValue.itemJSON(key)]]
            }
        }
        var round = 0
        while !pending.isEmpty {
            if round > 0 {
                guard round < maxRounds else {
                    throw AWSError(
                        .service, "\(pending.count) items still unprocessed after \(round) BatchWriteItem rounds",
                        serviceCode: "ProvisionedThroughputExceededException", service: AWSService.dynamoDB.id,
                        operation: "BatchWriteItem")
                }
                let milliseconds = min(100 << min(round - 1, 16), 5_000)
                try await client.timeSource.sleep(for: .milliseconds(milliseconds))
            }
            let output = try await call(
                "BatchWriteItem", [("RequestItems", .object(JSONObject([(table, .array(pending))])))])
            pending = output["UnprocessedItems"]?[table]?.arrayValue ?? []
            round += 1
        }
    }
}
