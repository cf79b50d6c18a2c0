public import JSON

/// The result shape the existing backfill tools return, built once for every handler:
/// `{"statusCode": 200|207, "body": {"message", "succeeded": […], "failed": [{"period","error"}], "skipped": […]}}`.
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

    /// A report with every list given.
    public init(message: String, succeeded: [String] = [], failed: [Failure] = [], skipped: [String] = []) {
        self.message = message
        self.succeeded = succeeded
        self.failed = failed
        self.skipped = skipped
    }

    /// The report of a job's recorded states, in the job's partition order. Errors are already redacted.
    public init(job: JobRecord, message: String) {
        self.message = message
        succeeded = job.partitions.filter { $0.status == .succeeded }.map(\.key)
        failed = job.partitions.filter { $0.status == .failed }.map {
            Failure(period: $0.key, error: $0.lastError ?? "unknown error")
        }
        skipped = job.partitions.filter { $0.status == .skipped }.map(\.key)
    }

    /// 200 when nothing failed, 207 (multi-status) otherwise.
    public var statusCode: Int { failed.isEmpty ? 200 : 207 }

    /// The `body` object.
    public var body: JSONValue {
        .object([
            "message": .string(message),
            "succeeded": .array(succeeded.map(JSONValue.string)),
            "failed": .array(failed.map { .object(["period": .string($0.period), "error": .string($0.error)]) }),
            "skipped": .array(skipped.map(JSONValue.string)),
        ])
    }

    /// The whole response: `statusCode` and `body`.
    public var json: JSONValue {
        .object(["statusCode": .int(Int64(statusCode)), "body": body])
    }
}
