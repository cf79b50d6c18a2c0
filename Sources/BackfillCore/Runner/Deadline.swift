public import Timekeeping

/// When the current invocation must have returned: a Lambda deadline, a closure giving the time left, or none
/// (the CLI).
public enum Deadline: Sendable {
    /// No deadline: run until done.
    case none
    /// An absolute deadline (`Lambda-Runtime-Deadline-Ms`).
    case at(Timestamp)
    /// A closure giving the time left.
    case remaining(@Sendable () -> Duration)

    /// Time left at `now`, or nil without a deadline.
    public func remaining(at now: Timestamp) -> Duration? {
        switch self {
        case .none: nil
        case .at(let deadline): deadline - now
        case .remaining(let remaining): remaining()
        }
    }
}

/// Decides whether there is time to start another partition: the time left must exceed a margin made of a fixed
/// safety allowance plus the longest recently observed partition duration (an initial guess until one is seen).
public struct DeadlineBudget: Sendable {
    /// Time always kept for finishing up (writing progress, returning).
    public var safetyMargin: Duration
    /// Assumed partition duration before any is observed.
    public var initialEstimate: Duration
    /// How many recent durations are remembered.
    public var window: Int
    private(set) var recent: [Duration] = []

    /// A budget with the given allowances.
    public init(safetyMargin: Duration, initialEstimate: Duration, window: Int = 16) {
        self.safetyMargin = safetyMargin
        self.initialEstimate = initialEstimate
        self.window = max(1, window)
    }

    /// Remembers how long a partition took.
    public mutating func observe(_ duration: Duration) {
        recent.append(duration)
        if recent.count > window { recent.removeFirst(recent.count - window) }
    }

    /// The expected duration of the next partition.
    public var estimate: Duration { recent.max() ?? initialEstimate }

    /// The time that must be left to start another partition.
    public var margin: Duration { safetyMargin + estimate }

    /// Whether a partition may start with `remaining` time left (always without a deadline).
    public func canStart(remaining: Duration?) -> Bool {
        guard let remaining else { return true }
        return remaining > margin
    }

    /// Whether waiting `wait` still leaves time to start a partition afterwards.
    public func canWait(_ wait: Duration, remaining: Duration?) -> Bool {
        guard let remaining else { return true }
        return remaining - wait > margin
    }
}
