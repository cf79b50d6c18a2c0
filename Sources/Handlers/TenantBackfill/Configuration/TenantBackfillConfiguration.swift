import JSON

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The handler's configuration, parsed once from the environment. `BACKFILL_CONFIG` (inline JSON or an
/// `s3://bucket/key` the family reads at start) is merged over ``TenantBackfillSettings/defaults``.
public struct TenantBackfillConfiguration: Sendable {
    public var settings: TenantBackfillSettings
    public var tenantServicesTable: String
    public var lastUpdatedTable: String
    public var dataBucket: String
    public var jobsTable: String
    /// `ENVIRONMENT` (`dev`, `prod`), the `{env}` of function names.
    public var environmentName: String
    /// `{service}`, `{env}` placeholders (`INGESTION_FUNCTION_PATTERN`).
    public var ingestionFunctionPattern: String
    /// `{table_clean}`, `{env}` placeholders (`CANONICAL_FUNCTION_PATTERN`).
    public var canonicalFunctionPattern: String
    /// Chunks processed at once within one invocation (`TENANT_CONCURRENCY`).
    public var concurrency: Int
    /// Lease of a claimed chunk (`BACKFILL_LEASE_SECONDS`).
    public var leaseSeconds: Int
    /// Where a chunk over its memory budget spills its records (`TENANT_SPILL_DIR`, default `/tmp`: Lambda's
    /// ephemeral storage; a local run may point it at a larger disk).
    public var spillDirectory: String

    public static let defaultIngestionPattern = "avesa-{service}-ingestion-{env}"
    public static let defaultCanonicalPattern = "avesa-canonical-transform-{table_clean}-{env}"

    /// Reads the variables; `document` is `BACKFILL_CONFIG` already fetched when it named an S3 object.
    public init(environment: [String: String], document: String? = nil) throws(TenantBackfillError) {
        func value(_ name: String) -> String? {
            guard let text = environment[name]?.trimmingCharacters(), !text.isEmpty else { return nil }
            return text
        }
        func required(_ name: String) throws(TenantBackfillError) -> String {
            guard let text = value(name) else {
                throw TenantBackfillError(.configuration, "\(name) environment variable is required")
            }
            return text
        }
        func number(_ name: String, _ fallback: Int, _ range: ClosedRange<Int>) throws(TenantBackfillError) -> Int {
            guard let text = value(name) else { return fallback }
            guard let parsed = Int(text), range.contains(parsed) else {
                throw TenantBackfillError(
                    .configuration, "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return parsed
        }
        dataBucket = try required("DATA_BUCKET")
        tenantServicesTable = try required("TENANT_SERVICES_TABLE")
        lastUpdatedTable = try required("LAST_UPDATED_TABLE")
        jobsTable = value("JOBS_TABLE") ?? "BackfillJobs"
        environmentName = value("ENVIRONMENT") ?? "dev"
        ingestionFunctionPattern = value("INGESTION_FUNCTION_PATTERN") ?? Self.defaultIngestionPattern
        canonicalFunctionPattern = value("CANONICAL_FUNCTION_PATTERN") ?? Self.defaultCanonicalPattern
        concurrency = try number("TENANT_CONCURRENCY", 2, 1...32)
        leaseSeconds = try number("BACKFILL_LEASE_SECONDS", 60, 2...60)
        spillDirectory = value("TENANT_SPILL_DIR") ?? "/tmp"
        if spillDirectory != "/tmp" {
            var info = stat()
            guard spillDirectory.hasPrefix("/"), stat(spillDirectory, &info) == 0, info.st_mode & S_IFMT == S_IFDIR
            else {
                throw TenantBackfillError(
                    .configuration,
                    "TENANT_SPILL_DIR \(spillDirectory) is not an existing directory given by its absolute path "
                        + "(in Lambda leave it unset: /tmp is the function's ephemeral storage)")
            }
        }
        settings = TenantBackfillSettings.defaults
        if let text = document ?? value("BACKFILL_CONFIG"), !text.hasPrefix("s3://") {
            let json: JSONValue
            do {
                json = try JSONParser.parse(text)
            } catch {
                throw TenantBackfillError(.configuration, "BACKFILL_CONFIG is not valid JSON: \(error)")
            }
            do {
                settings = try settings.merged(with: json)
            } catch {
                throw TenantBackfillError(.configuration, "BACKFILL_CONFIG: \(error.message)")
            }
        }
    }

    /// The bucket and key of `BACKFILL_CONFIG` when it is an `s3://` address.
    public static func documentLocation(_ environment: [String: String]) -> (bucket: String, key: String)? {
        guard let text = environment["BACKFILL_CONFIG"]?.trimmingCharacters(), text.hasPrefix("s3://") else {
            return nil
        }
        let rest = text.dropFirst(5)
        guard let slash = rest.firstIndex(of: "/") else { return nil }
        return (String(rest[..<slash]), String(rest[rest.index(after: slash)...]))
    }

    /// `avesa-{service}-ingestion-{env}` for `service`.
    public func ingestionFunction(service: String) -> String {
        ingestionFunctionPattern.replacing("{service}", with: service).replacing("{env}", with: environmentName)
    }

    /// `avesa-canonical-transform-{table_clean}-{env}` for `table`.
    public func canonicalFunction(table: String) -> String {
        canonicalFunctionPattern.replacing("{table_clean}", with: TenantRawLayout.tableClean(table))
            .replacing("{env}", with: environmentName)
    }
}

extension String {
    /// The text without leading and trailing whitespace.
    func trimmingCharacters() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
