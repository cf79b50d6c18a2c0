public import Timekeeping

/// Decides per partition whether a trigger runs it or skips it, and why. Pure: it reads what the tracker and the
/// destination already hold and never writes.
public struct Planner: Sendable {
    /// The reprocess mode.
    public var mode: ReprocessMode
    /// Claims per partition (from the job).
    public var maxAttempts: Int

    /// A planner for `mode`.
    public init(mode: ReprocessMode, maxAttempts: Int = 3) {
        self.mode = mode
        self.maxAttempts = maxAttempts
    }

    /// The plan for `partitions` given their recorded states (missing ones are new), the keys already present
    /// at the destination, and the time (for lease checks). Order follows `partitions`.
    public func plan(
        _ partitions: [String],
        recorded: [String: PartitionState],
        existingAtDestination: Set<String> = [],
        now: Timestamp
    ) -> [PlanDecision] {
        partitions.map { key in
            let (action, reason) = decide(recorded[key], atDestination: existingAtDestination.contains(key), now: now)
            return PlanDecision(key: key, action: action, reason: reason)
        }
    }

    func decide(
        _ state: PartitionState?,
        atDestination: Bool,
        now: Timestamp
    ) -> (PlanDecision.Action, PlanReason) {
        let status = state?.status ?? .pending
        if status == .running {
            if let state, !state.isLeaseLapsed(at: now) { return (.skip, .inFlight) }
            return (.run, .leaseLapsed)
        }
        if mode == .all { return (.run, .forced) }
        switch status {
        case .succeeded, .skipped:
            return (.skip, .alreadySucceeded)
        case .failed:
            if mode == .failed { return (.run, .retryFailed) }
            if let state, state.attempts < maxAttempts { return (.run, .retryFailed) }
            return (.skip, .previouslyFailed)
        case .pending, .running:
            return atDestination ? (.skip, .existsAtDestination) : (.run, .missing)
        }
    }
}
