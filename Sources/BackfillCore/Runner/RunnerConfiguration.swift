/// How a ``JobRunner`` behaves; the defaults suit a Lambda function.
public struct RunnerConfiguration: Sendable {
    /// This worker's id, recorded as lease owner (unique per invocation or CLI process).
    public var owner: String
    /// Partitions processed at once.
    public var concurrency: Int
    /// How long a claim holds a partition without renewal (at most 60 s).
    public var leaseDuration: Duration
    /// How long before expiry a lease is renewed.
    public var renewalLead: Duration
    /// Time between background heartbeat checks, waited on the runner's injected clock.
    public var heartbeatInterval: Duration
    /// Replaces the heartbeat's wait altogether (tests pass a closure they drive); nil waits
    /// `heartbeatInterval` on the runner's clock.
    public var heartbeatTick: (@Sendable () async throws -> Void)?
    /// Time always kept before the deadline.
    public var safetyMargin: Duration
    /// Assumed partition duration until one has been observed.
    public var initialPartitionEstimate: Duration
    /// Consecutive distinct partition failures that pause the job.
    public var circuitBreakerThreshold: Int
    /// How long finished jobs are kept (DynamoDB TTL).
    public var finishedJobRetention: Duration

    /// 30 days: how long finished or cancelled jobs stay before DynamoDB TTL removes them.
    public static let defaultFinishedJobRetention: Duration = .seconds(30 * 86_400)

    /// A configuration for worker `owner`.
    public init(
        owner: String,
        concurrency: Int = 4,
        leaseDuration: Duration = .seconds(60),
        renewalLead: Duration = .seconds(10),
        heartbeatInterval: Duration = .seconds(1),
        heartbeatTick: (@Sendable () async throws -> Void)? = nil,
        safetyMargin: Duration = .seconds(5),
        initialPartitionEstimate: Duration = .seconds(30),
        circuitBreakerThreshold: Int = 3,
        finishedJobRetention: Duration = RunnerConfiguration.defaultFinishedJobRetention
    ) {
        self.owner = owner
        self.concurrency = concurrency
        self.leaseDuration = leaseDuration
        self.renewalLead = renewalLead
        self.heartbeatInterval = heartbeatInterval
        self.heartbeatTick = heartbeatTick
        self.safetyMargin = safetyMargin
        self.initialPartitionEstimate = initialPartitionEstimate
        self.circuitBreakerThreshold = circuitBreakerThreshold
        self.finishedJobRetention = finishedJobRetention
    }

    /// Checks the ranges: concurrency ≥ 1, 0 < lease ≤ 60 s, 0 < lead < lease, threshold ≥ 1.
    public func validate() throws(BackfillCoreError) {
        guard concurrency >= 1 else { throw invalid("concurrency must be at least 1") }
        guard leaseDuration > .zero, leaseDuration <= .seconds(60) else {
            throw invalid("lease duration must be between 0 and 60 seconds")
        }
        guard renewalLead > .zero, renewalLead < leaseDuration else {
            throw invalid("renewal lead must be shorter than the lease")
        }
        guard circuitBreakerThreshold >= 1 else { throw invalid("circuit breaker threshold must be at least 1") }
        guard !owner.isEmpty else { throw invalid("owner must not be empty") }
    }

    private func invalid(_ message: String) -> BackfillCoreError {
        BackfillCoreError(.invalidConfiguration, message)
    }
}
