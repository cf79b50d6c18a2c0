public import BackfillCore
public import HTTP
public import Timekeeping

/// What the handler works with, all behind protocols: built from the environment by the family, or from
/// in-memory doubles by tests.
public struct TenantBackfillDependencies: Sendable {
    /// The data bucket.
    public var objects: any ObjectStore
    /// The tracker.
    public var jobs: any JobStore
    /// The tenant services table.
    public var tenants: any TenantServiceDirectory
    /// The sync markers table.
    public var markers: any SyncMarkerStore
    /// Secrets Manager.
    public var secrets: any SecretReader
    /// Lambda (ingestion functions, canonical triggers).
    public var functions: any FunctionInvoker
    /// HTTP for the source APIs.
    public var transport: any HTTPTransport
    /// The clock (rate limits, leases, backoff).
    public var time: any TimeSource
    public var metrics: MetricsEmitter
    /// Progress events (the CLI's renderer); nil in Lambda.
    public var events: RunEventSink?
    /// Replaces the lease heartbeat's wait (tests).
    public var heartbeatTick: (@Sendable () async throws -> Void)?
    /// Attempts per source request before the chunk fails.
    public var maxSourceAttempts: Int
    /// Uniform `0..<1` values for backoff jitter.
    public var random: @Sendable () -> Double
    /// Where a service's requests per minute are shared with every other invocation (the jobs table), under
    /// the key `{tenant}:{service}`; nil paces this process only.
    public var sharedLimits: (any SharedLimitStore)?
    /// Where chunk files are streamed as they are encoded (S3 multipart into the data bucket); nil builds each
    /// file in memory and puts it into `objects`.
    public var uploads: (any ObjectUploader)?
    /// Where jobs pin table schemas with a conditional write (the jobs table); nil pins in `_schema.json` alone.
    public var schemas: (any TenantSchemaStore)?

    public init(
        objects: any ObjectStore, jobs: any JobStore, tenants: any TenantServiceDirectory,
        markers: any SyncMarkerStore, secrets: any SecretReader, functions: any FunctionInvoker,
        transport: any HTTPTransport, time: any TimeSource, metrics: MetricsEmitter = .disabled,
        events: RunEventSink? = nil, heartbeatTick: (@Sendable () async throws -> Void)? = nil,
        maxSourceAttempts: Int = 7, random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        sharedLimits: (any SharedLimitStore)? = nil, uploads: (any ObjectUploader)? = nil,
        schemas: (any TenantSchemaStore)? = nil
    ) {
        self.objects = objects
        self.jobs = jobs
        self.tenants = tenants
        self.markers = markers
        self.secrets = secrets
        self.functions = functions
        self.transport = transport
        self.time = time
        self.metrics = metrics
        self.events = events
        self.heartbeatTick = heartbeatTick
        self.maxSourceAttempts = maxSourceAttempts
        self.random = random
        self.sharedLimits = sharedLimits
        self.uploads = uploads
        self.schemas = schemas
    }
}
