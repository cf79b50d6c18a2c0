public import Timekeeping

/// What a caller asks the tracker to create: a named, ordered set of partitions for one handler and destination.
public struct JobDefinition: Sendable, Hashable {
    /// The job id; derive it with ``JobID/derive(handler:destination:partitionKeys:)`` so repeated triggers join.
    public var jobID: String
    /// The handler family (`cost-backfill`, `tenant-backfill`, …).
    public var handler: String
    /// Where the output goes (bucket and prefix, table), for operators and the id.
    public var destination: String
    /// The tenant, when the job belongs to one (the GSI key); nil for platform jobs.
    public var tenantID: String?
    /// The partition keys in processing order.
    public var partitionKeys: [String]
    /// How many claims a partition gets before it stays failed.
    public var maxAttempts: Int

    /// A job definition; `maxAttempts` defaults to 3.
    public init(
        jobID: String,
        handler: String,
        destination: String,
        tenantID: String? = nil,
        partitionKeys: [String],
        maxAttempts: Int = 3
    ) {
        self.jobID = jobID
        self.handler = handler
        self.destination = destination
        self.tenantID = tenantID
        self.partitionKeys = partitionKeys
        self.maxAttempts = maxAttempts
    }
}

/// Partition counts by status plus records written: the job's totals.
public struct JobTotals: Sendable, Hashable, Codable {
    public var pending = 0
    public var running = 0
    public var succeeded = 0
    public var failed = 0
    public var skipped = 0
    /// Records written by succeeded partitions.
    public var records: Int64 = 0

    /// Zero totals.
    public init() {}

    /// Totals counted from partition states.
    public init(_ partitions: [PartitionState]) {
        for partition in partitions { add(partition.status, 1) }
        records = partitions.reduce(0) { $0 + ($1.status == .succeeded ? $1.records : 0) }
    }

    /// All partitions.
    public var total: Int { pending + running + succeeded + failed + skipped }

    /// Adjusts the count of `status` by `delta`.
    public mutating func add(_ status: PartitionStatus, _ delta: Int) {
        switch status {
        case .pending: pending += delta
        case .running: running += delta
        case .succeeded: succeeded += delta
        case .failed: failed += delta
        case .skipped: skipped += delta
        }
    }

    /// The count for `status`.
    public func count(_ status: PartitionStatus) -> Int {
        switch status {
        case .pending: pending
        case .running: running
        case .succeeded: succeeded
        case .failed: failed
        case .skipped: skipped
        }
    }
}

/// A job as the tracker holds it: status, totals, and every partition's state in processing order.
public struct JobRecord: Sendable, Hashable {
    public var jobID: String
    public var handler: String
    public var destination: String
    public var tenantID: String?
    public var status: JobStatus
    /// Why the job is paused, cancelled or failed.
    public var statusReason: String?
    public var maxAttempts: Int
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    /// When a finished job's item expires (DynamoDB TTL); nil while active.
    public var expiresAt: Timestamp?
    public var totals: JobTotals
    public var partitions: [PartitionState]

    /// A new pending job for `definition`.
    public init(_ definition: JobDefinition, now: Timestamp) {
        jobID = definition.jobID
        handler = definition.handler
        destination = definition.destination
        tenantID = definition.tenantID
        status = .pending
        statusReason = nil
        maxAttempts = definition.maxAttempts
        createdAt = now
        updatedAt = now
        expiresAt = nil
        partitions = definition.partitionKeys.map { PartitionState(key: $0) }
        totals = JobTotals(partitions)
    }

    /// The state of partition `key`.
    public func partition(_ key: String) -> PartitionState? {
        partitions.first { $0.key == key }
    }

    /// Whether every partition is settled (nothing pending, running, or failed with attempts left).
    public var isSettled: Bool { partitions.allSatisfy { $0.isSettled(maxAttempts: maxAttempts) } }

    /// The status a settled job finishes with.
    public var settledStatus: JobStatus {
        if totals.failed == 0 { return .completed }
        return totals.succeeded + totals.skipped == 0 ? .failed : .completedWithErrors
    }

    /// The listing view of this job.
    public var summary: JobSummary {
        JobSummary(
            jobID: jobID,
            handler: handler,
            tenantID: tenantID,
            status: status,
            statusReason: statusReason,
            createdAt: createdAt,
            updatedAt: updatedAt,
            totals: totals
        )
    }
}

/// A job without its partitions: what `backfill status` lists.
public struct JobSummary: Sendable, Hashable {
    public var jobID: String
    public var handler: String
    public var tenantID: String?
    public var status: JobStatus
    public var statusReason: String?
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    public var totals: JobTotals

    /// A summary with every field given.
    public init(
        jobID: String,
        handler: String,
        tenantID: String?,
        status: JobStatus,
        statusReason: String?,
        createdAt: Timestamp,
        updatedAt: Timestamp,
        totals: JobTotals
    ) {
        self.jobID = jobID
        self.handler = handler
        self.tenantID = tenantID
        self.status = status
        self.statusReason = statusReason
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.totals = totals
    }
}
