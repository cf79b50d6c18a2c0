public import AWS

/// Shared limits as items of the jobs table (`job_id` = `rate-limit#KEY`, with `next_slot`, `paused_until`,
/// `version`, `record_type` = `rate-limit`, and `open`: the free slots before `next_slot` as a comma-separated list
/// of milliseconds before it, so the item stays small): no extra table to deploy. The items have no `status`, so job
/// listings and the tenant/status index never show them.
public struct DynamoDBSharedLimitStore: SharedLimitStore {
    public let dynamo: DynamoDBClient
    public let table: String

    /// A store in `table` (the jobs table).
    public init(dynamo: DynamoDBClient, table: String = "BackfillJobs") {
        self.dynamo = dynamo
        self.table = table
    }

    /// The item key of limit `key`.
    public static func itemKey(_ key: String) -> String { "rate-limit#" + key }

    public func read(_ key: String) async throws -> SharedLimitState? {
        guard
            let item = try await dynamo.getItem(
                table: table, key: ["job_id": .string(Self.itemKey(key))], consistentRead: true)
        else { return nil }
        let nextSlot = Int64(item["next_slot"]?.intValue ?? 0)
        let open = (item["open"]?.stringValue ?? "").split(separator: ",").compactMap { Int64($0) }.map {
            nextSlot - $0
        }
        return SharedLimitState(
            nextSlot: nextSlot, pausedUntil: Int64(item["paused_until"]?.intValue ?? 0),
            version: item["version"]?.intValue ?? 0, open: open.sorted())
    }

    public func write(_ key: String, _ state: SharedLimitState, expected: Int?) async throws -> Bool {
        var item: DynamoDBItem = [
            "job_id": .string(Self.itemKey(key)), "record_type": "rate-limit",
            "next_slot": .number(String(state.nextSlot)), "paused_until": .number(String(state.pausedUntil)),
            "version": .number(String(state.version)),
        ]
        if !state.open.isEmpty {
            item["open"] = .string(state.open.map { String(state.nextSlot - $0) }.joined(separator: ","))
        }
        do {
            if let expected {
                try await dynamo.putItem(
                    table: table, item: item, condition: "version = :v", values: [":v": .number(String(expected))])
            } else {
                try await dynamo.putItem(table: table, item: item, condition: "attribute_not_exists(job_id)")
            }
            return true
        } catch let error as AWSError where error.isConditionalCheckFailed {
            return false
        }
    }
}
