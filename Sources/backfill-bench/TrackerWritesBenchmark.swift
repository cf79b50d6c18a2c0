import AWS
import BackfillCore
import BackfillTesting
import HTTP
import Logging
import Synchronization
import Timekeeping

/// `backfill-bench tracker-writes [--workers 16] [--partitions 640]`: `workers` runners, each with its own
/// DynamoDB job store as separate Lambdas of a Map would have, claim and complete the partitions of one job in
/// moto_server (signature checking on) as fast as the tracker lets them (the work itself takes no time). Prints
/// the tracker's writes per second sustained and partitions per second over the busy period (up to the last
/// partition's completion), writes per partition, and conditional-check failures (lost races).
enum TrackerWritesBenchmark {
    static func run(_ arguments: [String]) async throws {
        var workers = 16
        var partitions = 640
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            let value = Int(iterator.next() ?? "")
            switch argument {
            case "--workers": workers = value ?? workers
            case "--partitions": partitions = value ?? partitions
            default: break
            }
        }
        try await MotoServer.withServer { moto in
            try await CurlHTTPClient.withClient { http in
                let counting = WriteCountingTransport(http)
                let dynamo = DynamoDBClient(client: AWSClient(configuration: moto.configuration(), transport: counting))
                try await dynamo.createTable(DynamoDBJobStore.tableDefinition())
                let definition = JobFixtures.definition(partitions, jobID: "tracker-writes")
                let time = SystemTimeSource()
                let logger = Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() }
                _ = try await DynamoDBJobStore(dynamo: dynamo).createJob(definition, now: time.now)
                counting.reset()
                let started = ContinuousClock.now
                // The figures cover the busy period, up to the last completion: a worker whose queue ran dry then
                // waits for the leases of the others' last partitions before it ends, which is not tracker work.
                let last = LastCompletion(started)
                let done = try await withThrowingTaskGroup(of: Int.self) { group in
                    for index in 0..<workers {
                        group.addTask {
                            let runner = JobRunner(
                                store: DynamoDBJobStore(dynamo: dynamo), time: time,
                                configuration: RunnerConfiguration(owner: "worker-\(index)", concurrency: 1),
                                logger: logger)
                            let summary = try await runner.start(definition, mode: .missing, deadline: .none) {
                                _, _ in
                                // The writes so far, plus this partition's completion (its item and the header).
                                last.state.withLock { $0 = (ContinuousClock.now, counting.writes + 2) }
                                return PartitionOutcome(records: 1)
                            }
                            return summary.attempts.count
                        }
                    }
                    return try await group.reduce(0, +)
                }
                let (end, writes) = last.state.withLock { $0 }
                let elapsed = end - started
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                print("tracker_writes_workers: \(workers)")
                print("tracker_writes_partitions: \(partitions) (attempts run: \(done))")
                print("tracker_writes_seconds: \(format(seconds))")
                print("tracker_writes_per_second: \(format(Double(writes) / seconds)) (\(writes) writes)")
                print("tracker_partitions_per_second: \(format(Double(partitions) / seconds))")
                print("tracker_writes_per_partition: \(format(Double(writes) / Double(partitions)))")
                print("tracker_conditional_failures: \(counting.conditionalFailures)")
            }
        }
    }

    static func format(_ value: Double) -> String { String(Double(Int(value * 100)) / 100) }
}

/// Counts DynamoDB writes (PutItem, UpdateItem, BatchWriteItem) and conditional-check failures passing through.
final class WriteCountingTransport: HTTPTransport {
    let inner: any HTTPTransport
    private let counts = Mutex((writes: 0, conditionalFailures: 0))

    init(_ inner: any HTTPTransport) { self.inner = inner }

    var writes: Int { counts.withLock { $0.writes } }
    var conditionalFailures: Int { counts.withLock { $0.conditionalFailures } }
    func reset() { counts.withLock { $0 = (0, 0) } }

    func execute(_ request: HTTPRequest) async throws -> HTTPResponse {
        let target = request.headers["X-Amz-Target"] ?? ""
        let response = try await inner.execute(request)
        let isWrite = ["PutItem", "UpdateItem", "BatchWriteItem"].contains { target.hasSuffix("." + $0) }
        let failed = response.status == 400 && response.bodyText.contains("ConditionalCheck")
        counts.withLock {
            if isWrite { $0.writes += 1 }
            if failed { $0.conditionalFailures += 1 }
        }
        return response
    }

    func stream(_ request: HTTPRequest) async throws -> HTTPStreamingResponse {
        try await inner.stream(request)
    }
}

/// When the last partition finished, and the writes counted by then.
final class LastCompletion: Sendable {
    let state: Mutex<(at: ContinuousClock.Instant, writes: Int)>

    init(_ start: ContinuousClock.Instant) { state = Mutex((start, 0)) }
}
