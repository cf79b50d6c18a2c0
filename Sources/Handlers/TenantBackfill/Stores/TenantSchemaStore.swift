public import AWS
public import JSON

/// Where a job pins each table's schema (the data columns, as `TenantTableSchema.json(of:)` writes them), so
/// every chunk of the job writes the same columns even when two first chunks of a table run at once: pinning is
/// one conditional write, and the chunk that loses the race reads and uses the winner's schema.
public protocol TenantSchemaStore: Sendable {
    /// The schema pinned for `table` in `jobID`, or nil.
    func pinned(jobID: String, table: String) async throws -> JSONValue?
    /// Pins `schema` for `table` in `jobID` unless one is pinned already; returns the schema pinned (the
    /// earlier one when another chunk was first).
    func pin(jobID: String, table: String, schema: JSONValue) async throws -> JSONValue
}

/// The schemas in the jobs table beside the job: item `job_id` = `{job}#schema#{table}` with `parent` (the job),
/// `schema` (JSON text) and `expires_at` (TTL, 180 days, like the job's partition items); written with
/// `attribute_not_exists(job_id)`, read back consistently by the loser. No `status`, so job listings skip it.
public struct DynamoDBTenantSchemas: TenantSchemaStore {
    public let dynamo: DynamoDBClient
    public let table: String
    /// Seconds since 1970, for the item's TTL.
    public let now: @Sendable () -> Int64

    public init(dynamo: DynamoDBClient, table: String, now: @escaping @Sendable () -> Int64) {
        self.dynamo = dynamo
        self.table = table
        self.now = now
    }

    /// The item key of `table`'s schema in `jobID`.
    public static func itemKey(jobID: String, table: String) -> String { "\(jobID)#schema#\(table)" }

    public func pinned(jobID: String, table: String) async throws -> JSONValue? {
        let item = try await dynamo.getItem(
            table: self.table, key: ["job_id": .string(Self.itemKey(jobID: jobID, table: table))],
            consistentRead: true)
        guard let text = item?["schema"]?.stringValue else { return nil }
        return try JSONParser.parse(Array(text.utf8))
    }

    public func pin(jobID: String, table: String, schema: JSONValue) async throws -> JSONValue {
        do {
            try await dynamo.putItem(
                table: self.table,
                item: [
                    "job_id": .string(Self.itemKey(jobID: jobID, table: table)), "parent": .string(jobID),
                    "schema": .string(schema.serialized()), "expires_at": .number(String(now() + 180 * 86_400)),
                ],
                condition: "attribute_not_exists(job_id)")
            return schema
        } catch let error as AWSError where error.isConditionalCheckFailed {
            return try await pinned(jobID: jobID, table: table) ?? schema
        }
    }
}
