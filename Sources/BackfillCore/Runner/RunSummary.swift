public import JSON

/// Why a run returned.
public enum RunStop: Sendable, Hashable {
    /// Every partition is settled; the job finished with this status.
    case finished(JobStatus)
    /// Too little time was left to start another partition (or wait for a lease); continue in a new invocation.
    case deadline
    /// An operator cancelled the job.
    case cancelled
    /// The job is paused (circuit breaker or operator), with the recorded reason.
    case paused(String?)

    /// Whether another invocation should pick the job up.
    public var needsContinuation: Bool { self == .deadline }
}

/// One partition attempt made by this run.
public struct AttemptReport: Sendable, Hashable {
    public var partition: String
    public var attempt: Int
    /// The recorded result, or nil when the lease was lost and nothing was recorded.
    public var result: PartitionResult?
    public var throttles: Int
    /// Lease renewals written while it ran.
    public var renewals: Int
}

/// What a run did and where the job stands.
public struct RunSummary: Sendable {
    /// The job.
    public var jobID: String
    /// Why the run returned.
    public var stop: RunStop
    /// The job as last read from the store.
    public var job: JobRecord
    /// Attempts made by this run, in completion order.
    public var attempts: [AttemptReport]

    /// The report of the job's recorded states.
    public func report(message: String) -> BackfillReport {
        BackfillReport(job: job, message: message)
    }

    /// `{"continue": true, "job_id": …, "remaining": n}` while work remains, `{"continue": false, …, "status": …}`
    /// once it stopped for good: what a Step Functions loop or the CLI checks.
    public var continuation: JSONValue {
        var object: JSONObject = ["continue": .bool(stop.needsContinuation), "job_id": .string(jobID)]
        let remaining = job.partitions.filter { !$0.isSettled(maxAttempts: job.maxAttempts) }.count
        object["remaining"] = .int(Int64(remaining))
        object["status"] = .string(job.status.rawValue)
        return .object(object)
    }

    /// The report's response with the continuation fields merged at the top level.
    public func response(message: String) -> JSONValue {
        guard case .object(var object) = report(message: message).json, case .object(let extra) = continuation
        else { return report(message: message).json }
        for (key, value) in extra { object[key] = value }
        return .object(object)
    }
}
