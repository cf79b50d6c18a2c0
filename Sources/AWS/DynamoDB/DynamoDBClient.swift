import JSON

/// Amazon DynamoDB over JSON 1.0: item reads and conditional writes, Query (incl. GSIs), Scan with parallel
/// segments, BatchWriteItem with unprocessed-item retry, table management and point-in-time exports.
/// A failed condition surfaces as an `AWSError` whose `isConditionalCheckFailed` is true.
public struct DynamoDBClient: Sendable {
    /// The shared signed client.
    public let client: AWSClient

    public init(client: AWSClient) { self.client = client }

    /// Reads one item by its key; nil when there is none.
    public func getItem(
        table: String,
        key: DynamoDBItem,
        consistentRead: Bool = false,
        projection: String? = nil,
        names: [String: String] = [:]
    ) async throws -> DynamoDBItem? {
        let output = try await call(
            "GetItem",
            [
                ("TableName", .string(table)), ("Key", DynamoDBValue.itemJSON(key)),
                ("ConsistentRead", consistentRead ? true : nil),
                ("ProjectionExpression", projection.map(JSONValue.string)),
                ("ExpressionAttributeNames", Self.namesJSON(names)),
            ])
        guard let item = output["Item"] else { return nil }
        return try DynamoDBValue.item(from: item)
    }

    /// Writes an item, optionally only when `condition` holds (e.g. `attribute_not_exists(pk)`).
    public func putItem(
        table: String,
        item: DynamoDBItem,
        condition: String? = nil,
        names: [String: String] = [:],
        values: DynamoDBItem = [:]
    ) async throws {
        _ = try await call(
            "PutItem",
            [
                ("TableName", .string(table)), ("Item", DynamoDBValue.itemJSON(item)),
                ("ConditionExpression", condition.map(JSONValue.string)),
                ("ExpressionAttributeNames", Self.namesJSON(names)),
                ("ExpressionAttributeValues", Self.valuesJSON(values)),
            ])
    }

    /// Applies an update expression (e.g. `SET #s = :s ADD attempts :one`), optionally under a condition, and
    /// returns the attributes `returnValues` asks for (`ALL_NEW` by default; nil for `NONE`).
    @discardableResult
    public func updateItem(
        table: String,
        key: DynamoDBItem,
        update: String,
        condition: String? = nil,
        names: [String: String] = [:],
        values: DynamoDBItem = [:],
        returnValues: String = "ALL_NEW"
    ) async throws -> DynamoDBItem? {
        let output = try await call(
            "UpdateItem",
            [
                ("TableName", .string(table)), ("Key", DynamoDBValue.itemJSON(key)),
                ("UpdateExpression", .string(update)), ("ConditionExpression", condition.map(JSONValue.string)),
                ("ExpressionAttributeNames", Self.namesJSON(names)),
                ("ExpressionAttributeValues", Self.valuesJSON(values)), ("ReturnValues", .string(returnValues)),
            ])
        guard let attributes = output["Attributes"] else { return nil }
        return try DynamoDBValue.item(from: attributes)
    }

    /// Deletes an item, optionally only when `condition` holds.
    public func deleteItem(
        table: String,
        key: DynamoDBItem,
        condition: String? = nil,
        names: [String: String] = [:],
        values: DynamoDBItem = [:]
    ) async throws {
        _ = try await call(
            "DeleteItem",
            [
                ("TableName", .string(table)), ("Key", DynamoDBValue.itemJSON(key)),
                ("ConditionExpression", condition.map(JSONValue.string)),
                ("ExpressionAttributeNames", Self.namesJSON(names)),
                ("ExpressionAttributeValues", Self.valuesJSON(values)),
            ])
    }

    /// Calls an operation with the given members (nil ones left out).
    func call(_ operation: String, _ members: [(String, JSONValue?)]) async throws -> JSONValue {
        try await client.callJSON(.dynamoDB, operation, .compactObject(members))
    }

    static func namesJSON(_ names: [String: String]) -> JSONValue? {
        names.isEmpty ? nil : .object(JSONObject(names.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
    }

    static func valuesJSON(_ values: DynamoDBItem) -> JSONValue? {
        values.isEmpty ? nil : DynamoDBValue.itemJSON(values)
    }
}
