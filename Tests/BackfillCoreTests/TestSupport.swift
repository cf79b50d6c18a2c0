import BackfillCore
import Logging
import Synchronization
import Timekeeping

/// A clock whose time moves only when a test (or simulated work) advances it; `sleep` records and yields without
/// advancing, so concurrent runners never see virtual time jump under each other.
final class YieldingTimeSource: TimeSource {
    private let state = Mutex<(now: Timestamp, sleeps: Int)>(
        (now: Timestamp(millisecondsSince1970: 1_763_712_000_000), sleeps: 0))

    var now: Timestamp { state.withLock { $0.now } }
    var sleepCount: Int { state.withLock { $0.sleeps } }

    func advance(by duration: Duration) {
        state.withLock { $0.now = $0.now + duration }
    }

    func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        state.withLock { $0.sleeps += 1 }
        await Task.yield()
    }
}

/// Collects log messages and EMF lines.
final class Capture: Sendable {
    private let state = Mutex<(messages: [String], lines: [String])>((messages: [], lines: []))

    var messages: [String] { state.withLock { $0.messages } }
    var lines: [String] { state.withLock { $0.lines } }

    func append(message: String) { state.withLock { $0.messages.append(message) } }
    func append(line: String) { state.withLock { $0.lines.append(line) } }

    var logger: Logger {
        Logger(label: "test") { _ in CapturingLogHandler(capture: self) }
    }

    var metrics: MetricsEmitter {
        MetricsEmitter(dimensions: [("Handler", "test")]) { [self] line in append(line: line) }
    }
}

struct CapturingLogHandler: LogHandler {
    let capture: Capture
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        capture.append(message: "\(event.level) \(event.message) \(fields)")
    }
}

/// Counts how often each partition's side effect happened.
final class SideEffects: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    func record(_ key: String) { counts.withLock { $0[key, default: 0] += 1 } }
    var all: [String: Int] { counts.withLock { $0 } }
    var total: Int { all.values.reduce(0, +) }
}

enum Fixtures {
    /// A heartbeat tick that never fires during a test (it is cancelled when the partition ends).
    static let neverTick: @Sendable () async throws -> Void = { try await Task.sleep(for: .seconds(86_400)) }

    static func keys(_ count: Int) -> [String] {
        (0..<count).map { CivilDate(year: 2025, month: 1, day: 1).adding(days: $0).iso8601 }
    }

    static func definition(_ count: Int, jobID: String = "job-1", maxAttempts: Int = 3) -> JobDefinition {
        JobDefinition(
            jobID: jobID,
            handler: "test",
            destination: "s3://bucket/prefix",
            partitionKeys: keys(count),
            maxAttempts: maxAttempts
        )
    }

    static func configuration(
        owner: String = "worker-a",
        concurrency: Int = 1,
        tick: @escaping @Sendable () async throws -> Void = neverTick
    ) -> RunnerConfiguration {
        RunnerConfiguration(owner: owner, concurrency: concurrency, heartbeatTick: tick)
    }

    /// Yields until `condition` holds or `limit` yields passed; returns whether it held.
    static func eventually(limit: Int = 10_000, _ condition: () -> Bool) async -> Bool {
        for _ in 0..<limit {
            if condition() { return true }
            await Task.yield()
        }
        return condition()
    }
}

extension ClaimResult {
    var isClaimed: Bool {
        if case .claimed = self { return true }
        return false
    }
}
