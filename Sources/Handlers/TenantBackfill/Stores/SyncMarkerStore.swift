public import AWS
import Timekeeping

/// The incremental sync markers (`LAST_UPDATED_TABLE`: `tenant_id` PK, `table_name` SK
/// `{service}#{table_clean}`, `last_updated` ISO-8601 UTC). A marker only moves forward.
public protocol SyncMarkerStore: Sendable {
    /// Sets the marker to `lastUpdated` unless it already holds a later time; returns whether it moved.
    func advance(tenantID: String, tableName: String, to lastUpdated: String) async throws -> Bool
}

/// The markers in DynamoDB, advanced with a conditional update (`attribute_not_exists(last_updated) OR
/// last_updated < :t`; ISO-8601 UTC text of one form compares in time order).
public struct DynamoDBSyncMarkers: SyncMarkerStore {
    public let dynamo: DynamoDBClient
    public let table: String

    public init(dynamo: DynamoDBClient, table: String) {
        self.dynamo = dynamo
        self.table = table
    }

    /// `{service}#{table_clean}`.
    public static func tableName(service: String, table: String) -> String {
        "\(service)#\(TenantRawLayout.tableClean(table))"
    }

    public func advance(tenantID: String, tableName: String, to lastUpdated: String) async throws -> Bool {
        do {
            try await dynamo.updateItem(
                table: table, key: ["tenant_id": .string(tenantID), "table_name": .string(tableName)],
                update: "SET #t = :t", condition: "attribute_not_exists(#t) OR #t < :t", names: ["#t": "last_updated"],
                values: [":t": .string(lastUpdated)], returnValues: "NONE")
            return true
        } catch let error as AWSError where error.serviceCode == "ConditionalCheckFailedException" {
            return false
        }
    }
}
