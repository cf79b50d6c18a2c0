/// Which partitions a trigger (re)processes.
public enum ReprocessMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// Only partitions never done: not succeeded, not at the destination, not failed before.
    case missing
    /// Missing ones plus those that failed before (attempts are reset).
    case failed
    /// Everything, even partitions already done (`force`).
    case all
}

/// Why a plan runs or skips a partition.
public enum PlanReason: String, Sendable, Hashable, Codable {
    /// Never done.
    case missing
    /// Failed before; run again.
    case retryFailed = "retry failed"
    /// Done before, but the mode is `all`.
    case forced
    /// Claimable after its worker went silent.
    case leaseLapsed = "lease lapsed"
    /// Succeeded (or was skipped) in this job already.
    case alreadySucceeded = "already succeeded"
    /// Another worker holds a live lease on it.
    case inFlight = "in flight"
    /// The output is already at the destination.
    case existsAtDestination = "exists at destination"
    /// Failed before, and the mode is `missing`.
    case previouslyFailed = "previously failed"
}

/// One line of a plan.
public struct PlanDecision: Sendable, Hashable {
    /// Run or skip.
    public enum Action: String, Sendable, Hashable, Codable {
        case run
        case skip
    }

    /// The partition key.
    public var key: String
    public var action: Action
    public var reason: PlanReason

    /// A decision for `key`.
    public init(key: String, action: Action, reason: PlanReason) {
        self.key = key
        self.action = action
        self.reason = reason
    }
}
