public import AWS
import JSON

/// Where the initiator's slots live. Every change is one conditional write on a version, so two initiators
/// running at once never both take the last slot: the loser re-reads and decides again.
public protocol InitiatorSlotStore: Sendable {
    /// The stored slots and their version (nil: nothing stored yet), read consistently.
    func read() async throws -> (slots: InitiatorSlots, version: Int?)
    /// Stores `slots` if the stored version is `expected` (nil: no item yet); false when another initiator wrote
    /// first (nothing written).
    func write(_ slots: InitiatorSlots, expected: Int?) async throws -> Bool
}

extension InitiatorSlotStore {
    /// Applies `change` to the stored slots until its write wins (at most `attempts` rounds).
    public func update<Result: Sendable>(
        attempts: Int = 25, _ change: (inout InitiatorSlots) -> Result
    ) async throws -> Result {
        for _ in 0..<attempts {
            let (stored, version) = try await read()
            var slots = stored
            let result = change(&slots)
            if slots == stored { return result }
            if try await write(slots, expected: version) { return result }
        }
        throw TenantBackfillError(
            .output, "the initiator's slot item kept changing under \(attempts) conditional writes; try again")
    }
}

/// The slots as one item of the jobs table (`job_id` = `tenant-initiator#slots`, `record_type`
/// `initiator-slots`, `version`, `slots` as JSON text), written with `PutItem` conditional on the version.
public struct DynamoDBInitiatorSlotStore: InitiatorSlotStore {
    /// The item's key.
    public static let itemKey = "tenant-initiator#slots"

    public let dynamo: DynamoDBClient
    public let table: String

    public init(dynamo: DynamoDBClient, table: String) {
        self.dynamo = dynamo
        self.table = table
    }

    public func read() async throws -> (slots: InitiatorSlots, version: Int?) {
        guard
            let item = try await dynamo.getItem(
                table: table, key: ["job_id": .string(Self.itemKey)], consistentRead: true)
        else { return (InitiatorSlots(), nil) }
        let json = (try? JSONParser.parse(item["slots"]?.stringValue ?? "{}")) ?? .null
        return (InitiatorSlots(json: json), item["version"]?.intValue ?? 0)
    }

    public func write(_ slots: InitiatorSlots, expected: Int?) async throws -> Bool {
        let item: DynamoDBItem = [
            "job_id": .string(Self.itemKey), "record_type": "initiator-slots",
            "version": .number(String((expected ?? 0) + 1)), "slots": .string(slots.json.serialized()),
        ]
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
