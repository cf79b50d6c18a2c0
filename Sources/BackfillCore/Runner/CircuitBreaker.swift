/// Opens after `threshold` consecutive failures of distinct partitions (a retry of the same partition does not
/// count twice), so one bad partition does not pause a job but a broken source does.
public struct CircuitBreaker: Sendable, Hashable {
    /// Consecutive distinct failures that open the breaker.
    public var threshold: Int
    /// The partitions in the current failure streak, oldest first.
    public private(set) var streak: [String] = []
    /// The last failure's message.
    public private(set) var lastError: String?

    /// A closed breaker.
    public init(threshold: Int) {
        self.threshold = max(1, threshold)
    }

    /// Whether the breaker has opened.
    public var isOpen: Bool { streak.count >= threshold }

    /// A success closes the streak.
    public mutating func recordSuccess() {
        streak.removeAll()
        lastError = nil
    }

    /// Records a failure of `partition`; returns true when this failure opened the breaker.
    @discardableResult
    public mutating func recordFailure(_ partition: String, error: String) -> Bool {
        let wasOpen = isOpen
        if !streak.contains(partition) { streak.append(partition) }
        lastError = error
        return !wasOpen && isOpen
    }

    /// The reason recorded on the job when the breaker opens.
    public var reason: String {
        "circuit breaker opened after \(streak.count) consecutive failures (\(streak.joined(separator: ", ")))"
            + (lastError.map { ": \($0)" } ?? "")
    }
}
