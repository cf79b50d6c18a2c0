import Synchronization

/// A ``CostObjectStore`` in memory, for tests: keeps objects and counts every write per key.
public final class InMemoryCostObjectStore: CostObjectStore {
    private let state = Mutex<(objects: [String: [UInt8]], puts: [String: Int], failing: Set<String>)>(
        (objects: [:], puts: [:], failing: []))

    /// An empty store.
    public init() {}

    /// The objects by key.
    public var objects: [String: [UInt8]] { state.withLock { $0.objects } }
    /// How often each key was written.
    public var putCounts: [String: Int] { state.withLock { $0.puts } }

    /// Makes writes of `key` fail (a bucket policy or outage in a test).
    public func failWrites(of key: String) {
        state.withLock { _ = $0.failing.insert(key) }
    }

    public func list(prefix: String) async throws -> [String] {
        state.withLock { $0.objects.keys.filter { $0.hasPrefix(prefix) }.sorted() }
    }

    public func exists(_ key: String) async throws -> Bool {
        state.withLock { $0.objects[key] != nil }
    }

    public func put(_ key: String, body: [UInt8], contentType: String) async throws {
        try state.withLock { state in
            guard !state.failing.contains(key) else {
                throw CostBackfillError(.output, "write of \(key) refused", context: ["key": key])
            }
            state.objects[key] = body
            state.puts[key, default: 0] += 1
        }
    }

    public func delete(_ key: String) async throws {
        state.withLock { _ = $0.objects.removeValue(forKey: key) }
    }
}
