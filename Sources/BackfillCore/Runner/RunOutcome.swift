/// What the destination holds, as the handler found it before the run: the partitions complete there.
public struct DestinationState: Sendable, Hashable {
    /// Keys of partitions whose output is complete at the destination.
    public var complete: Set<String>
    /// Whether partitions the tracker records as done but the destination lacks are processed again.
    public var reconcile: Bool

    /// A destination with `complete` partitions; reconciled with the tracker unless told otherwise.
    public init(complete: Set<String>, reconcile: Bool = true) {
        self.complete = complete
        self.reconcile = reconcile
    }
}

/// What ``JobRunner/run(_:mode:destination:deadline:work:)`` returns: the plan it made and what the run did.
public struct RunOutcome: Sendable {
    /// The decisions per partition (run or skip, and why), made once before the first claim.
    public var plan: DryRunPlan
    /// The run: why it stopped, the job as last read, the attempts made.
    public var summary: RunSummary

    /// An outcome.
    public init(plan: DryRunPlan, summary: RunSummary) {
        self.plan = plan
        self.summary = summary
    }

    /// The report every handler returns, in the existing tools' shape, which the handler may extend.
    public func report(message: String) -> BackfillReport {
        BackfillReport(outcome: self, message: message)
    }
}
