public import JSON

extension TenantBackfillSettings {
    /// These settings with a JSON document merged over them, in the existing tool's format:
    /// `{"service_settings":{"connectwise":{"default_lookback_days":730,"chunk_size_days":30,…},…}}`. Each
    /// member given replaces the default; a service without defaults starts from the ingestion-Lambda ones.
    /// Members: `default_lookback_days`, `chunk_size_days`, `rate_limit_requests_per_minute`,
    /// `priority_endpoints`, `tables`, `connector`, `max_records_per_chunk`, `page_size`, `max_chunk_seconds`,
    /// `conditions_fields`, `id_field`, `updated_field`, `max_concurrency`, `distributed_threshold`, `schemas`
    /// (`{"table":{"columns":[{"name","type","nullable"}]}}`). Other
    /// members are ignored; a member of the wrong type or out of range is an `invalidSettings` error naming it.
    public func merged(with document: JSONValue) throws(TenantBackfillError) -> TenantBackfillSettings {
        guard case .object(let root) = document else {
            throw TenantBackfillError(.invalidSettings, "the backfill settings document is not a JSON object")
        }
        guard let section = root["service_settings"] else { return self }
        guard case .object(let entries) = section else {
            throw TenantBackfillError(.invalidSettings, "service_settings is not an object")
        }
        var result = self
        for (name, value) in entries {
            guard case .object(let members) = value else {
                throw TenantBackfillError(.invalidSettings, "service_settings.\(name) is not an object")
            }
            let reader = MemberReader(members: members, path: "service_settings.\(name)")
            var service = services[name] ?? Self.lambdaService
            if let days = try reader.int("default_lookback_days", in: 1...36_500) { service.lookbackDays = days }
            if let days = try reader.int("chunk_size_days", in: 1...365) { service.chunkSizeDays = days }
            if let rate = try reader.int("rate_limit_requests_per_minute", in: 1...1_000_000) {
                service.requestsPerMinute = rate
            }
            if let tables = try reader.strings("priority_endpoints") { service.priorityEndpoints = tables }
            if let tables = try reader.strings("tables") { service.tables = tables }
            if let text = try reader.string("connector") {
                guard let connector = Connector(rawValue: text) else {
                    throw TenantBackfillError(
                        .invalidSettings, "\(reader.path).connector must be connectwise, servicenow or lambda")
                }
                service.connector = connector
            }
            if let count = try reader.int("max_records_per_chunk", in: 1...100_000_000) {
                service.maxRecordsPerChunk = count
            }
            if let size = try reader.int("page_size", in: 1...10_000) { service.pageSize = size }
            if let count = try reader.int("max_concurrency", in: 1...1_000) { service.maxConcurrency = count }
            if let count = try reader.int("distributed_threshold", in: 1...100_000) {
                service.distributedThreshold = count
            }
            if let seconds = try reader.int("max_chunk_seconds", in: 10...86_400) { service.maxChunkSeconds = seconds }
            if let fields = try reader.stringMap("conditions_fields") {
                service.conditionsFields.merge(fields) { _, new in new }
            }
            if let field = try reader.string("id_field") { service.idField = field }
            if let field = try reader.string("updated_field") { service.updatedField = field }
            if case .object(let schemas)? = members["schemas"] {
                for (table, schema) in schemas {
                    service.schemas[table] = try TenantTableSchema.dataColumns(from: schema)
                }
            } else if members["schemas"] != nil {
                throw TenantBackfillError(.invalidSettings, "\(reader.path).schemas is not an object")
            }
            result.services[name] = service
        }
        return result
    }
}

/// Reads typed members of one settings object, with errors naming the member's path.
struct MemberReader {
    var members: JSONObject
    var path: String

    func int(_ key: String, in range: ClosedRange<Int>) throws(TenantBackfillError) -> Int? {
        guard let value = members[key], value != .null else { return nil }
        let number = value.intValue ?? value.stringValue.flatMap { Int64($0) }
        guard let number, let int = Int(exactly: number), range.contains(int) else {
            throw TenantBackfillError(
                .invalidSettings,
                "\(path).\(key) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return int
    }

    func string(_ key: String) throws(TenantBackfillError) -> String? {
        guard let value = members[key], value != .null else { return nil }
        guard let text = value.stringValue, !text.isEmpty else {
            throw TenantBackfillError(.invalidSettings, "\(path).\(key) must be a non-empty string")
        }
        return text
    }

    func strings(_ key: String) throws(TenantBackfillError) -> [String]? {
        guard let value = members[key], value != .null else { return nil }
        guard let list = value.arrayValue, list.allSatisfy({ !($0.stringValue ?? "").isEmpty }) else {
            throw TenantBackfillError(.invalidSettings, "\(path).\(key) must be a list of non-empty strings")
        }
        return list.compactMap(\.stringValue)
    }

    func stringMap(_ key: String) throws(TenantBackfillError) -> [String: String]? {
        guard let value = members[key], value != .null else { return nil }
        guard case .object(let object) = value, object.allSatisfy({ !($0.value.stringValue ?? "").isEmpty }) else {
            throw TenantBackfillError(.invalidSettings, "\(path).\(key) must map names to non-empty strings")
        }
        var map: [String: String] = [:]
        for (name, text) in object { map[name] = text.stringValue }
        return map
    }
}
