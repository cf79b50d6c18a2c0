public import Formats

/// The per-service settings of tenant backfills, with the existing tool's defaults, merged over by a JSON
/// document (`BACKFILL_CONFIG`, see `merged(with:)`) and adjusted per tenant by `TenantOverrides`.
public struct TenantBackfillSettings: Sendable, Equatable {
    /// How a service's records are fetched.
    public enum Connector: String, Sendable, Equatable {
        case connectwise
        case servicenow
        /// The service's ingestion Lambda (`avesa-{service}-ingestion-{env}`) does the fetching.
        case lambda
    }

    /// One service's settings.
    public struct Service: Sendable, Equatable {
        /// How far back a backfill starts by default (`default_lookback_days`).
        public var lookbackDays: Int
        /// Days per chunk (`chunk_size_days`), 1–365.
        public var chunkSizeDays: Int
        /// Requests per minute the source allows (`rate_limit_requests_per_minute`).
        public var requestsPerMinute: Int
        /// Tables fetched first (`priority_endpoints`).
        public var priorityEndpoints: [String]
        /// Tables backfilled (`tables`), as the source names them (`service/tickets`, `incident`).
        public var tables: [String]
        public var connector: Connector
        /// A chunk with more records is split in two (`max_records_per_chunk`).
        public var maxRecordsPerChunk: Int
        /// Records per request (`page_size`).
        public var pageSize: Int
        /// The field the source filters updates on, per table (`conditions_fields`); absent tables use
        /// `defaultConditionsField`.
        public var conditionsFields: [String: String]
        /// `lastUpdated` (ConnectWise), `sys_updated_on` (ServiceNow).
        public var defaultConditionsField: String
        /// The record member holding its id (`id_field`): `id`, `sys_id`.
        public var idField: String
        /// The record member holding its update time (`updated_field`, `/` for nesting): `_info/lastUpdated`.
        public var updatedField: String
        /// Declared table schemas (`schemas`: data columns only), keyed by table; others are pinned from the
        /// first chunk.
        public var schemas: [String: RowSchema]
        /// Chunks the `TenantBackfill` state machine's Map runs at once (`max_concurrency`), 1–1,000.
        public var maxConcurrency: Int = 4
        /// Runnable chunks above which the state machine runs them as a Distributed Map reading the list from
        /// S3 (`distributed_threshold`), 1–100,000.
        public var distributedThreshold: Int = 1_000
        /// The longest a chunk's fetch may take (`max_chunk_seconds`); a multi-day chunk still fetching then is
        /// split in two instead of retried whole.
        public var maxChunkSeconds: Int = 600

        /// The conditions field of `table`.
        public func conditionsField(for table: String) -> String {
            conditionsFields[table] ?? defaultConditionsField
        }

        /// Tables in fetch order: priority endpoints first, then the rest as configured.
        public var orderedTables: [String] {
            tables.filter { priorityEndpoints.contains($0) }.sorted {
                priorityEndpoints.firstIndex(of: $0) ?? 0 < priorityEndpoints.firstIndex(of: $1) ?? 0
            } + tables.filter { !priorityEndpoints.contains($0) }
        }
    }

    /// Settings by service name (`connectwise`, `servicenow`, …).
    public var services: [String: Service]

    public init(services: [String: Service]) {
        self.services = services
    }

    /// The settings of `service`, or an `unknownService` error listing the known ones.
    public func service(_ name: String) throws(TenantBackfillError) -> Service {
        guard let service = services[name] else {
            throw TenantBackfillError(
                .unknownService,
                "no backfill settings for service \(name) (known: \(services.keys.sorted().joined(separator: ", ")))")
        }
        return service
    }

    /// The existing tool's defaults: ConnectWise 730 days in 30-day chunks at 200 requests/minute, ServiceNow
    /// 365 days in 14-day chunks at 100 requests/minute.
    public static let defaults = TenantBackfillSettings(services: [
        "connectwise": Service(
            lookbackDays: 730, chunkSizeDays: 30, requestsPerMinute: 200,
            priorityEndpoints: ["service/tickets", "time/entries"],
            tables: ["service/tickets", "time/entries", "company/companies"], connector: .connectwise,
            maxRecordsPerChunk: 50_000, pageSize: 1000, conditionsFields: [:], defaultConditionsField: "lastUpdated",
            idField: "id", updatedField: "_info/lastUpdated", schemas: [:]),
        "servicenow": Service(
            lookbackDays: 365, chunkSizeDays: 14, requestsPerMinute: 100, priorityEndpoints: [],
            tables: ["incident", "change_request", "problem"], connector: .servicenow, maxRecordsPerChunk: 50_000,
            pageSize: 1000, conditionsFields: [:], defaultConditionsField: "sys_updated_on", idField: "sys_id",
            updatedField: "sys_updated_on", schemas: [:]),
    ])

    /// Settings for a service the document names without defaults (an ingestion-Lambda service).
    static let lambdaService = Service(
        lookbackDays: 365, chunkSizeDays: 30, requestsPerMinute: 60, priorityEndpoints: [], tables: [],
        connector: .lambda, maxRecordsPerChunk: 50_000, pageSize: 1000, conditionsFields: [:],
        defaultConditionsField: "lastUpdated", idField: "id", updatedField: "lastUpdated", schemas: [:])
}
