public import BackfillCore
import Synchronization
import Timekeeping

/// Counts how often each partition's side effect happened (exactly-once checks).
public final class SideEffects: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    public init() {}

    /// Records one side effect of `key`.
    public func record(_ key: String) { counts.withLock { $0[key, default: 0] += 1 } }
    /// Side effects per key.
    public var all: [String: Int] { counts.withLock { $0 } }
    /// Side effects in all.
    public var total: Int { all.values.reduce(0, +) }
}

/// Jobs, runner configurations and waits that tracker and runner tests share.
public enum JobFixtures {
    /// A heartbeat tick that never fires during a test (it is cancelled when the partition ends).
    public static let neverTick: @Sendable () async throws -> Void = { try await Task.sleep(for: .seconds(86_400)) }

    /// `count` daily keys from 2025-01-01.
    public static func keys(_ count: Int) -> [String] {
        (0..<count).map { CivilDate(year: 2025, month: 1, day: 1).adding(days: $0).iso8601 }
    }

    /// A job of `count` daily partitions.
    public static func definition(_ count: Int, jobID: String = "job-1", maxAttempts: Int = 3) -> JobDefinition {
        JobDefinition(
            jobID: jobID,
            handler: "test",
            destination: "s3://bucket/prefix",
            partitionKeys: keys(count),
            maxAttempts: maxAttempts
        )
    }

    /// A runner configuration whose heartbeat only ticks when `tick` returns.
    public static func configuration(
        owner: String = "worker-a",
        concurrency: Int = 1,
        tick: @escaping @Sendable () async throws -> Void = neverTick
    ) -> RunnerConfiguration {
        RunnerConfiguration(owner: owner, concurrency: concurrency, heartbeatTick: tick)
    }

    /// Yields until `condition` holds or `limit` yields passed; returns whether it held.
    public static func eventually(limit: Int = 10_000, _ condition: () -> Bool) async -> Bool {
        for _ in 0..<limit {
            if condition() { return true }
            await Task.yield()
        }
        return condition()
    }
}

extension ClaimResult {
    /// Whether the claim succeeded.
    public var isClaimed: Bool {
        if case .claimed = self { return true }
        return false
    }
}
