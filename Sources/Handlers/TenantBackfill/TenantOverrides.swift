public import JSON

/// A tenant's own adjustments of its service's settings: the `backfill` map of its tenant-services item
/// (`lookback_days`, `chunk_size_days`, `tables`).
public struct TenantOverrides: Sendable, Equatable {
    public var lookbackDays: Int?
    public var chunkSizeDays: Int?
    public var tables: [String]?

    public init(lookbackDays: Int? = nil, chunkSizeDays: Int? = nil, tables: [String]? = nil) {
        self.lookbackDays = lookbackDays
        self.chunkSizeDays = chunkSizeDays
        self.tables = tables
    }

    /// Reads the `backfill` map (null or absent members leave the setting alone; numbers may be numeric
    /// strings, as some writers store them).
    public init(json: JSONValue, tenantID: String) throws(TenantBackfillError) {
        guard case .object(let members) = json else {
            throw TenantBackfillError(.invalidSettings, "tenant \(tenantID): backfill overrides are not a map")
        }
        let reader = MemberReader(members: members, path: "tenant \(tenantID) backfill")
        lookbackDays = try reader.int("lookback_days", in: 1...36_500)
        chunkSizeDays = try reader.int("chunk_size_days", in: 1...365)
        tables = try reader.strings("tables")
    }
}

extension TenantBackfillSettings.Service {
    /// These settings with a tenant's overrides applied.
    public func applying(_ overrides: TenantOverrides) -> Self {
        var service = self
        if let days = overrides.lookbackDays { service.lookbackDays = days }
        if let days = overrides.chunkSizeDays { service.chunkSizeDays = days }
        if let tables = overrides.tables { service.tables = tables }
        return service
    }
}
