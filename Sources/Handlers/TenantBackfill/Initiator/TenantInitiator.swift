public import BackfillCore
import ConnectWiseConnector
public import JSON
import ServiceNowConnector
public import Timekeeping

/// Starts tenant backfills as `TenantBackfill` state machine executions named by job id, within the cap of
/// running backfills (`MAX_CONCURRENT_BACKFILLS`) and one per tenant + service; the rest wait in the queue and
/// start, oldest first, when a finished execution frees its slot (`{"start_queued": true}`).
public struct TenantInitiator: Sendable {
    public var settings: TenantBackfillSettings
    public var bucket: String
    /// Backfills running at once, across all tenants.
    public var maxConcurrent: Int
    public var tenants: any TenantServiceDirectory
    public var secrets: any SecretReader
    public var slots: any InitiatorSlotStore
    public var starter: any ExecutionStarter
    public var time: any TimeSource
    /// Where auto-detect finds tenant services and their jobs; nil: auto-detect is refused.
    public var discovery: (any TenantDiscovery)?
    /// Where the scheduled run writes `JobAgeSeconds` of every running job (``TenantMetrics``).
    public var metrics: MetricsEmitter = .disabled

    public init(
        settings: TenantBackfillSettings, bucket: String, maxConcurrent: Int, tenants: any TenantServiceDirectory,
        secrets: any SecretReader, slots: any InitiatorSlotStore, starter: any ExecutionStarter,
        time: any TimeSource, discovery: (any TenantDiscovery)? = nil
    ) {
        self.settings = settings
        self.bucket = bucket
        self.maxConcurrent = maxConcurrent
        self.tenants = tenants
        self.secrets = secrets
        self.slots = slots
        self.starter = starter
        self.time = time
        self.discovery = discovery
    }

    /// Runs `request`; the result lists `started`, `queued`, `skipped` and `failed` jobs.
    public func run(_ request: TenantInitiatorRequest) async throws -> JSONValue {
        var result = InitiatorResult()
        switch request {
        case .manual(let start):
            let plan = try await validate(start)
            try await admit(plan, request: start, into: &result)
        case .startQueued(let finished):
            try await startQueued(finished: finished, into: &result)
        case .autoDetect:
            guard let discovery else {
                throw TenantBackfillError(.configuration, "auto_detect needs the tenant services and jobs tables")
            }
            // The schedule's run also reclaims slots of executions that ended without their last step and
            // starts the queue (oldest first) before admitting new services.
            try await startQueued(finished: nil, into: &result)
            try await recordAges()
            try await autoDetect(discovery, into: &result)
        }
        return result.json
    }

    /// The plan of a manual start, after checking what a person can fix: the tenant and service exist, the
    /// service is enabled and its secret can be read, the settings know the service, the dates are in order.
    public func validate(_ start: TenantBackfillRequest.Start) async throws -> TenantJobPlan {
        let who = "tenant \(start.tenantID) service \(start.service)"
        guard let item = try await tenants.item(tenantID: start.tenantID, service: start.service) else {
            throw TenantBackfillError(
                .invalidEvent, "unknown tenant or service: no \(who) in the tenant services table")
        }
        guard item.enabled else {
            throw TenantBackfillError(
                .invalidEvent, "\(who) is disabled (enabled = false in the tenant services table)")
        }
        guard let secretName = item.secretName else {
            throw TenantBackfillError(.invalidEvent, "\(who) has no credentials: secret_name is missing")
        }
        let text: String
        do {
            text = try await secrets.secretString(secretName)
        } catch {
            throw TenantBackfillError(.invalidEvent, "\(who) has no readable credentials in secret \(secretName)")
        }
        do {
            switch try? settings.service(start.service).connector {
            case .connectwise: _ = try ConnectWiseCredentials(secretName: secretName, secretString: text)
            case .servicenow: _ = try ServiceNowCredentials(secretName: secretName, secretString: text)
            default: break
            }
        } catch {
            throw TenantBackfillError(.invalidEvent, "\(who) has unusable credentials: \(error)")
        }
        do {
            return try TenantJobPlan(
                request: start, item: item, settings: settings, bucket: bucket, today: time.now.civil.date)
        } catch {
            throw TenantBackfillError(.invalidEvent, error.message)
        }
    }

    /// The execution input of `plan`: the start event `tenant-backfill` plans the job from, with its job id.
    static func input(_ plan: TenantJobPlan, request: TenantBackfillRequest.Start) -> String {
        var members: [(String, JSONValue)] = [
            ("job_id", .string(plan.jobID)), ("tenant_id", .string(plan.tenantID)),
            ("service", .string(plan.service)), ("start_date", .string(plan.start.iso8601)),
            ("end_date", .string(plan.end.iso8601)),
        ]
        if let days = request.chunkSizeDays { members.append(("chunk_size_days", .int(Int64(days)))) }
        if let tables = request.tables { members.append(("tables", .array(tables.map(JSONValue.string)))) }
        return JSONValue.object(JSONObject(members)).serialized()
    }

    func admit(_ plan: TenantJobPlan, request: TenantBackfillRequest.Start, into result: inout InitiatorResult)
        async throws
    {
        let input = Self.input(plan, request: request)
        let now = time.now.millisecondsSince1970
        let key = plan.tenantID + ":" + plan.service
        let admission = try await slots.update { [maxConcurrent] in
            $0.admit(jobID: plan.jobID, serviceKey: key, input: input, now: now, max: maxConcurrent)
        }
        switch admission {
        case .start, .alreadyRunning:
            try await start(jobID: plan.jobID, input: input, into: &result)
        case .queued(let reason):
            result.queued.append(["job_id": .string(plan.jobID), "reason": .string(reason)])
        case .alreadyQueued:
            result.queued.append(["job_id": .string(plan.jobID), "reason": "already queued"])
        }
    }

    /// Frees `finished`'s slot and those of executions that ended without their last step (a `DescribeExecution`
    /// per running job), then starts what the cap allows from the queue.
    func startQueued(finished: String?, into result: inout InitiatorResult) async throws {
        let now = time.now.millisecondsSince1970
        var ended: [String] = finished.map { [$0] } ?? []
        for job in try await slots.read().slots.running where job.jobID != finished {
            if try await starter.hasEnded(name: job.jobID) { ended.append(job.jobID) }
        }
        let released = ended
        let startable = try await slots.update { [maxConcurrent] slots in
            for jobID in released { _ = slots.release(jobID) }
            return slots.takeStartable(now: now, max: maxConcurrent)
        }
        result.released = released.map(JSONValue.string)
        for job in startable {
            do {
                try await start(jobID: job.jobID, input: job.input, into: &result)
            } catch {
                // A queued job whose start failed goes back in the queue (oldest first still): the next
                // `start_queued` (the next job's last step, or the 15-minute schedule) tries it again.
                _ = try? await slots.update { $0.requeue(job) }
                result.failed.append(["job_id": .string(job.jobID), "error": .string(String(describing: error))])
            }
        }
    }

    /// `JobAgeSeconds` of every job holding a slot, from when its execution started: a job whose chunks stopped
    /// running still ages (every 15 minutes, the schedule), so the 20-hour alarm sees it.
    func recordAges() async throws {
        let now = time.now
        for job in try await slots.read().slots.running {
            let parts = job.serviceKey.split(separator: ":", maxSplits: 1).map(String.init)
            TenantMetrics(metrics).recordAge(
                tenantID: parts.first ?? "", service: parts.count > 1 ? parts[1] : "", jobID: job.jobID,
                startedAt: Timestamp(millisecondsSince1970: job.startedAt), at: now)
        }
    }

    /// Starts the execution; a failed start gives the slot back before the error is reported.
    func start(jobID: String, input: String, into result: inout InitiatorResult) async throws {
        do {
            let arn = try await starter.start(name: jobID, input: input)
            result.started.append(["job_id": .string(jobID), "execution_arn": .string(arn)])
        } catch {
            _ = try? await slots.update { $0.release(jobID) }
            throw error
        }
    }
}
