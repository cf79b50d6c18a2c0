import Synchronization

/// The standard mode's retry quota shared by every call of one client: retries draw from it (5, or 10 after a
/// time-out), successes refill it, so a failing service quickly stops receiving retries at all.
public final class RetryQuota: Sendable {
    private let capacity: Int
    private let available: Mutex<Int>

    public init(capacity: Int = 500) {
        self.capacity = capacity
        self.available = Mutex(capacity)
    }

    /// The tokens left.
    public var remaining: Int { available.withLock { $0 } }

    /// Takes `cost` tokens; false (and nothing taken) when there are not enough.
    public func acquire(_ cost: Int) -> Bool {
        available.withLock { tokens in
            guard tokens >= cost else { return false }
            tokens -= cost
            return true
        }
    }

    /// Returns `amount` tokens, never above capacity.
    public func release(_ amount: Int) {
        available.withLock { $0 = min(capacity, $0 + amount) }
    }
}
