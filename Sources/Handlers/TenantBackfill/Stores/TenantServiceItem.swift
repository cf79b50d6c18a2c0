public import AWS
import JSON

/// A tenant's connected service, as `TENANT_SERVICES_TABLE` holds it: `tenant_id` (PK), `service` (SK),
/// `enabled`, `secret_name`, `connected_at`, and an optional `backfill` overrides map.
public struct TenantServiceItem: Sendable, Equatable {
    public var tenantID: String
    public var service: String
    public var enabled: Bool
    public var secretName: String?
    public var overrides: TenantOverrides

    public init(
        tenantID: String, service: String, enabled: Bool = true, secretName: String?,
        overrides: TenantOverrides = TenantOverrides()
    ) {
        self.tenantID = tenantID
        self.service = service
        self.enabled = enabled
        self.secretName = secretName
        self.overrides = overrides
    }
}

/// Where tenant service items are read from.
public protocol TenantServiceDirectory: Sendable {
    /// The item of `tenantID` + `service`, or nil when there is none.
    func item(tenantID: String, service: String) async throws -> TenantServiceItem?
}

/// Reads the DynamoDB tenant services table.
public struct DynamoDBTenantServices: TenantServiceDirectory {
    public let dynamo: DynamoDBClient
    public let table: String

    public init(dynamo: DynamoDBClient, table: String) {
        self.dynamo = dynamo
        self.table = table
    }

    public func item(tenantID: String, service: String) async throws -> TenantServiceItem? {
        guard
            let item = try await dynamo.getItem(
                table: table, key: ["tenant_id": .string(tenantID), "service": .string(service)], consistentRead: true)
        else { return nil }
        let overrides: TenantOverrides =
            if let map = item["backfill"], map.mapValue != nil {
                try TenantOverrides(json: map.json, tenantID: tenantID)
            } else {
                TenantOverrides()
            }
        return TenantServiceItem(
            tenantID: tenantID, service: service, enabled: item["enabled"]?.boolValue ?? true,
            secretName: item["secret_name"]?.stringValue, overrides: overrides)
    }
}

/// Reads a secret's text.
public protocol SecretReader: Sendable {
    /// The `SecretString` of `name`.
    func secretString(_ name: String) async throws -> String
}

/// Reads Secrets Manager.
public struct SecretsManagerReader: SecretReader {
    public let client: SecretsManagerClient

    public init(client: SecretsManagerClient) { self.client = client }

    public func secretString(_ name: String) async throws -> String {
        let value = try await client.getSecretValue(name)
        guard let text = value.string else {
            throw TenantBackfillError(.tenant, "secret \(name) holds no text (SecretString)")
        }
        return text
    }
}
