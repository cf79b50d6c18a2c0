public import BackfillCore
import Synchronization

/// A ``SharedLimitStore`` in memory with DynamoDB's conditional-write semantics (each write atomic), for tests
/// of several workers sharing one limit. Counts reads and writes.
public final class InMemorySharedLimitStore: SharedLimitStore {
    private let state = Mutex<(items: [String: SharedLimitState], reads: Int, writes: Int)>(
        (items: [:], reads: 0, writes: 0))

    public init() {}

    /// The stored state of `key` (its version counts the batches of slots granted).
    public func stored(_ key: String) -> SharedLimitState? { state.withLock { $0.items[key] } }

    /// Reads and writes so far (a failed conditional write counts).
    public var operations: (reads: Int, writes: Int) { state.withLock { ($0.reads, $0.writes) } }

    public func read(_ key: String) async throws -> SharedLimitState? {
        state.withLock { state in
            state.reads += 1
            return state.items[key]
        }
    }

    public func write(_ key: String, _ value: SharedLimitState, expected: Int?) async throws -> Bool {
        state.withLock { state in
            state.writes += 1
            guard state.items[key]?.version == expected else { return false }
            state.items[key] = value
            return true
        }
    }
}
