public import JSON

/// The result shape the existing backfill tools return, built once for every handler:
/// `{"statusCode": 200|207, "body": {"message", "succeeded": […], "failed": [{"period","error"}], "skipped": […]}}`
/// plus what every run knows (`skip_reasons`, `job_id`, and `remaining` / `continue` when work is left). A
/// handler extends it with its own `fields` (they follow in the body) and may mark the result multi-status.
public struct BackfillReport: Sendable, Hashable {
    /// One failed partition.
    public struct Failure: Sendable, Hashable {
        public var period: String
        public var error: String

        /// A failure of `period`.
        public init(period: String, error: String) {
            self.period = period
            self.error = error
        }
    }

    /// `backfill_complete` and the like.
    public var message: String
    public var succeeded: [String]
    public var failed: [Failure]
    public var skipped: [String]
    /// Why each skipped partition was skipped, in order.
    public var skipReasons: [(key: String, reason: String)]
    /// Partitions still pending or running (the run stopped early, or another worker holds them).
    public var remaining: [String]
    /// The tracker job, when the report comes from a run.
    public var jobID: String?
    /// Whether another invocation should continue the job (set when partitions remain).
    public var needsContinuation: Bool
    /// The handler's own fields, appended to the body in order.
    public var fields: JSONObject
    /// Forces 207 even without failed partitions (e.g. an index that could not be written).
    public var isMultiStatus: Bool

    /// A report with every list given.
    public init(message: String, succeeded: [String] = [], failed: [Failure] = [], skipped: [String] = []) {
        self.message = message
        self.succeeded = succeeded
        self.failed = failed
        self.skipped = skipped
        skipReasons = []
        remaining = []
        jobID = nil
        needsContinuation = false
        fields = JSONObject()
        isMultiStatus = false
    }

    /// The report of a job's recorded states, in the job's partition order. Errors are already redacted.
    public init(job: JobRecord, message: String) {
        self.init(message: message)
        succeeded = job.partitions.filter { $0.status == .succeeded }.map(\.key)
        failed = job.partitions.filter { $0.status == .failed }.map {
            Failure(period: $0.key, error: $0.lastError ?? "unknown error")
        }
        skipped = job.partitions.filter { $0.status == .skipped }.map(\.key)
    }

    /// The report of a run: a partition the plan skipped (complete at the destination, or done earlier in the
    /// job) is `skipped` with the plan's reason even though the tracker records it as succeeded; one the work
    /// skipped keeps its recorded reason; one still pending or running is `remaining`.
    public init(outcome: RunOutcome, message: String) {
        self.init(message: message)
        let job = outcome.summary.job
        jobID = job.jobID
        let decisions = Dictionary(
            outcome.plan.decisions.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        for state in job.partitions {
            let decision = decisions[state.key]
            switch state.status {
            case .succeeded where decision?.action == .skip:
                skipped.append(state.key)
                skipReasons.append((state.key, decision?.reason.rawValue ?? "already succeeded"))
            case .succeeded:
                succeeded.append(state.key)
            case .skipped:
                skipped.append(state.key)
                skipReasons.append((state.key, state.lastError ?? decision?.reason.rawValue ?? "skipped"))
            case .failed:
                failed.append(Failure(period: state.key, error: state.lastError ?? "unknown error"))
            case .pending, .running:
                remaining.append(state.key)
            }
        }
        needsContinuation = !remaining.isEmpty && outcome.summary.stop.needsContinuation
    }

    /// Whether every partition is settled.
    public var isComplete: Bool { remaining.isEmpty }

    /// 200 when nothing failed, 207 (multi-status) otherwise.
    public var statusCode: Int { failed.isEmpty && !isMultiStatus ? 200 : 207 }

    /// The `body` object.
    public var body: JSONValue {
        var object: JSONObject = [
            "message": .string(message),
            "succeeded": .array(succeeded.map(JSONValue.string)),
            "failed": .array(failed.map { .object(["period": .string($0.period), "error": .string($0.error)]) }),
            "skipped": .array(skipped.map(JSONValue.string)),
        ]
        guard let jobID else { return .object(object) }
        var reasons = JSONObject()
        for (key, reason) in skipReasons { reasons[key] = .string(reason) }
        object["skip_reasons"] = .object(reasons)
        object["job_id"] = .string(jobID)
        if !remaining.isEmpty {
            object["remaining"] = .array(remaining.map(JSONValue.string))
            object["continue"] = .bool(needsContinuation)
        }
        for (key, value) in fields { object[key] = value }
        return .object(object)
    }

    /// The whole response: `statusCode` and `body`.
    public var json: JSONValue {
        .object(["statusCode": .int(Int64(statusCode)), "body": body])
    }

    public static func == (lhs: BackfillReport, rhs: BackfillReport) -> Bool { lhs.json == rhs.json }

    public func hash(into hasher: inout Hasher) { hasher.combine(json) }
}
