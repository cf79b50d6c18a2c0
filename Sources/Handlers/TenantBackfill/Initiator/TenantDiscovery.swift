public import AWS
import BackfillCore
import JSON
import SourceConnector
public import Timekeeping

/// A tenant service as auto-detect sees it.
public struct DetectedService: Sendable {
    public var item: TenantServiceItem
    /// `connected_at`, when the item has a readable one.
    public var connectedAt: Timestamp?
    /// Why the item cannot be used (malformed overrides), or nil.
    public var problem: String?

    public init(item: TenantServiceItem, connectedAt: Timestamp?, problem: String? = nil) {
        self.item = item
        self.connectedAt = connectedAt
        self.problem = problem
    }
}

/// Where auto-detect finds tenant services and their backfill jobs.
public protocol TenantDiscovery: Sendable {
    /// Every tenant service, in tenant then service order.
    func services() async throws -> [DetectedService]
    /// The status of a pending, running, paused or completed backfill job of the tenant's service, or nil.
    func backfillStatus(tenantID: String, service: String) async throws -> String?
    /// When the regular sync first wrote data of the tenant's service (the earliest `last_updated` marker of its
    /// tables), or nil when it has not or this discovery cannot tell.
    func firstSynced(tenantID: String, service: String) async throws -> Timestamp?
}

extension TenantDiscovery {
    /// No sync markers known.
    public func firstSynced(tenantID: String, service: String) async throws -> Timestamp? { nil }
}

/// Scans the tenant services table; finds jobs through the jobs table's `tenant_id` + `status` index.
public struct DynamoDBTenantDiscovery: TenantDiscovery {
    /// Job statuses that mean "already backfilled or backfilling".
    static let blocking: Set<String> = ["pending", "running", "paused", "completed", "completed_with_errors"]

    public let dynamo: DynamoDBClient
    public let tenantsTable: String
    public let jobsTable: String
    /// The regular sync's markers (`tenant_id`, `table_name` = `{service}#{table}`, `last_updated`), or nil.
    public let lastUpdatedTable: String?

    public init(dynamo: DynamoDBClient, tenantsTable: String, jobsTable: String, lastUpdatedTable: String? = nil) {
        self.dynamo = dynamo
        self.tenantsTable = tenantsTable
        self.jobsTable = jobsTable
        self.lastUpdatedTable = lastUpdatedTable
    }

    public func firstSynced(tenantID: String, service: String) async throws -> Timestamp? {
        guard let lastUpdatedTable else { return nil }
        let query = DynamoDBQuery(
            table: lastUpdatedTable, keyCondition: "#t = :t AND begins_with(#n, :p)",
            names: ["#t": "tenant_id", "#n": "table_name"],
            values: [":t": .string(tenantID), ":p": .string(service + "#")])
        return try await dynamo.queryAll(query).compactMap {
            $0["last_updated"]?.stringValue.flatMap { SourceWindow.parseSeconds($0) }
        }.min()
    }

    public func services() async throws -> [DetectedService] {
        var query = DynamoDBQuery(table: tenantsTable)
        var found: [DetectedService] = []
        repeat {
            let page = try await dynamo.scan(query)
            for item in page.items {
                guard let tenant = item["tenant_id"]?.stringValue, let service = item["service"]?.stringValue
                else { continue }
                var problem: String?
                var overrides = TenantOverrides()
                if let map = item["backfill"], map.mapValue != nil {
                    do {
                        overrides = try TenantOverrides(json: map.json, tenantID: tenant)
                    } catch {
                        problem = error.message
                    }
                }
                let entry = TenantServiceItem(
                    tenantID: tenant, service: service, enabled: item["enabled"]?.boolValue ?? true,
                    secretName: item["secret_name"]?.stringValue, overrides: overrides)
                let connected = item["connected_at"]?.stringValue.flatMap { SourceWindow.parseSeconds($0) }
                found.append(DetectedService(item: entry, connectedAt: connected, problem: problem))
            }
            query.exclusiveStartKey = page.lastEvaluatedKey
        } while query.exclusiveStartKey != nil
        return found.sorted { ($0.item.tenantID, $0.item.service) < ($1.item.tenantID, $1.item.service) }
    }

    public func backfillStatus(tenantID: String, service: String) async throws -> String? {
        let query = DynamoDBQuery(
            table: jobsTable, index: DynamoDBJobStore.tenantStatusIndex, keyCondition: "#t = :t",
            filter: "begins_with(#j, :p)", names: ["#t": "tenant_id", "#j": "job_id"],
            values: [":t": .string(tenantID), ":p": .string("backfill_\(tenantID)_\(service)_")])
        return try await dynamo.queryAll(query).compactMap { $0["status"]?.stringValue }.first {
            Self.blocking.contains($0)
        }
    }
}
