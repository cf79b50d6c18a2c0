/// Lets one task at a time through per key (the others wait their turn in order): a worker claims shared
/// slots once, however many of its partitions want one at the same moment.
actor KeyedGate {
    private var busy: Set<String> = []
    private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]

    /// Waits until `key` is free, then holds it.
    func enter(_ key: String) async {
        guard busy.contains(key) else {
            busy.insert(key)
            return
        }
        await withCheckedContinuation { waiting[key, default: []].append($0) }
    }

    /// Releases `key` to the next waiter (which then holds it), or frees it.
    func leave(_ key: String) {
        if var queue = waiting[key], !queue.isEmpty {
            let next = queue.removeFirst()
            waiting[key] = queue
            next.resume()
        } else {
            busy.remove(key)
        }
    }

    /// Runs `body` holding `key`.
    func withKey<Result: Sendable>(
        _ key: String,
        _ body: @Sendable () async throws -> Result
    ) async rethrows -> Result {
        await enter(key)
        defer { leave(key) }
        return try await body()
    }
}
