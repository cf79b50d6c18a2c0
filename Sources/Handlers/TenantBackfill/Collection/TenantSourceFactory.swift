import BackfillCore
import ConnectWiseConnector
import JSON
import Redaction
import ServiceNowConnector
import SourceConnector
import Synchronization

/// Builds the fetch of a tenant's service: its credentials from the secret (registered with the redactor, so
/// no key reaches a log or a result), its connector, and one rate-limited caller per tenant + service for the
/// whole process, so every chunk in flight shares the service's requests per minute; with shared limits (the
/// jobs table) the rate holds across every invocation at once (the chunks of a Map), under `{tenant}:{service}`.
final class TenantSourceFactory: Sendable {
    let configuration: TenantBackfillConfiguration
    let dependencies: TenantBackfillDependencies
    /// Secret members whose values are keys, registered with the redactor.
    static let secretFields: Set<String> = ["private_key", "public_key", "client_id", "password", "token"]
    private let callers = Mutex<[String: RateLimitedCaller<Void>]>([:])

    init(configuration: TenantBackfillConfiguration, dependencies: TenantBackfillDependencies) {
        self.configuration = configuration
        self.dependencies = dependencies
    }

    /// The caller of `tenantID` + `service`, created on first use at `requestsPerMinute`.
    func caller(tenantID: String, service: String, requestsPerMinute: Int) -> RateLimitedCaller<Void> {
        callers.withLock { callers in
            let key = Self.limiterKey(tenantID: tenantID, service: service)
            if let caller = callers[key] { return caller }
            let limit = RateLimit.perMinute(max(1, requestsPerMinute))
            let caller = RateLimitedCaller(
                name: key, limit: limit, time: dependencies.time,
                policy: CallPolicy(maxAttempts: dependencies.maxSourceAttempts),
                shared: dependencies.sharedLimits.map {
                    SharedRateLimiter(store: $0, limit: limit, time: dependencies.time)
                }, random: dependencies.random)
            callers[key] = caller
            return caller
        }
    }

    /// The key a tenant's service is paced under, in this process and in the shared limit store.
    static func limiterKey(tenantID: String, service: String) -> String { tenantID + ":" + service }

    /// The fetch of one chunk for `plan`'s tenant and service.
    func fetch(for plan: TenantJobPlan) async throws -> TenantChunkWriter.PagedFetch {
        let settings = plan.settings
        let caller = caller(
            tenantID: plan.tenantID, service: plan.service, requestsPerMinute: settings.requestsPerMinute)
        switch settings.connector {
        case .lambda:
            let source = IngestionLambdaSource(
                invoker: dependencies.functions, function: configuration.ingestionFunction(service: plan.service),
                caller: caller)
            return { chunk, _, page in
                // One synchronous invocation answers the whole chunk: there is no page boundary to stop at.
                var fetched = try await source.fetch(
                    payload: IngestionLambdaSource.payload(
                        tenantID: chunk.tenantID, service: chunk.service, table: chunk.table, start: chunk.start,
                        end: chunk.end, chunkNumber: chunk.number, totalChunks: chunk.total))
                try await page(fetched.records)
                fetched.records = []
                return fetched
            }
        case .connectwise, .servicenow:
            let source = try await pagedSource(plan)
            let paced = PacedPagedSource(source: source, caller: caller)
            let paged: TenantChunkWriter.PagedFetch = { chunk, limits, page in
                // Each page goes to the chunk's records as it arrives (spilled past the memory budget).
                try await paced.fetchPages(
                    table: chunk.table, window: SourceWindow(startDate: chunk.start, endDate: chunk.end),
                    stopAt: limits.stopAt, maxRecords: limits.maxRecords, page: page)
            }
            return paged
        }
    }

    /// The tenant's connector, from its secret.
    func pagedSource(_ plan: TenantJobPlan) async throws -> any PagedSource {
        guard let secretName = plan.secretName else {
            throw TenantBackfillError(
                .tenant,
                "tenant \(plan.tenantID) service \(plan.service) has no secret_name in the tenant services table")
        }
        let text: String
        do {
            text = try await dependencies.secrets.secretString(secretName)
        } catch {
            throw TenantBackfillError(.tenant, "cannot read secret \(secretName): \(error)")
        }
        if case .object(let object) = try? JSONParser.parse(text) {
            // The keys themselves, not the site, company or user names (which would blank out tenant ids).
            for (name, value) in object where Self.secretFields.contains(name) {
                if let secret = value.stringValue, secret.count >= 4 { SecretRedactor.register(secret: secret) }
            }
        }
        let settings = plan.settings
        do {
            switch settings.connector {
            case .servicenow:
                let credentials = try ServiceNowCredentials(secretName: secretName, secretString: text)
                return ServiceNowPagedSource(
                    client: ServiceNowClient(credentials: credentials, transport: dependencies.transport),
                    limit: settings.pageSize)
            default:
                let credentials = try ConnectWiseCredentials(secretName: secretName, secretString: text)
                return ConnectWisePagedSource(
                    client: ConnectWiseClient(credentials: credentials, transport: dependencies.transport),
                    conditionsFields: settings.conditionsFields,
                    defaultConditionsField: settings.defaultConditionsField, pageSize: settings.pageSize)
            }
        } catch {
            throw TenantBackfillError(.tenant, error.description)
        }
    }
}
