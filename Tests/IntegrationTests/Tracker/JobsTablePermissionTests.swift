import AWS
import BackfillCore
import BackfillTesting
import HTTP
import Testing

/// The functions' IAM statements on the jobs table (`Sid: TrackJobs` in template.yaml) against the DynamoDB
/// operations the tracker and the shared limiter really send: a job's whole life (create, claim, split, complete,
/// a second run joining it) and a limiter's claims run on moto, and every operation seen must be allowed, so an
/// operation added to the store cannot be denied in AWS only.
@Suite("Jobs table permissions in template.yaml")
struct JobsTablePermissionTests {
    @Test("every TrackJobs statement allows each operation a job's life and a shared limiter send")
    func trackJobsAllowsWhatTheStoreSends() async throws {
        let sent = try await Self.operationsSent()
        #expect(sent.isSuperset(of: ["PutItem", "UpdateItem", "BatchWriteItem", "BatchGetItem"]), "\(sent)")
        let statements = try Self.trackJobsActions()
        #expect(statements.count >= 4, "one TrackJobs statement per function that tracks jobs")
        for (line, actions) in statements {
            let missing = sent.subtracting(actions.compactMap { $0.split(separator: ":").last.map(String.init) })
            #expect(missing.isEmpty, "TrackJobs at template.yaml:\(line) lacks \(missing.sorted())")
        }
    }

    /// The DynamoDB operations of a job's life and of a shared limiter, as sent to moto.
    static func operationsSent() async throws -> Set<String> {
        try await MotoServer.withServer { moto in
            try await CurlHTTPClient.withClient { http in
                let counting = CountingTransport(http)
                let dynamo = DynamoDBClient(client: AWSClient(configuration: moto.configuration(), transport: counting))
                try await dynamo.createTable(DynamoDBJobStore.tableDefinition())
                let clock = ManualTimeSource()
                for owner in ["worker-a", "worker-b"] {
                    let runner = JobRunner(
                        store: DynamoDBJobStore(dynamo: dynamo), time: clock,
                        configuration: JobFixtures.configuration(owner: owner), logger: LogCapture().logger)
                    _ = try await runner.start(JobFixtures.definition(4), mode: .missing, deadline: .none) {
                        partition, _ in
                        let key = partition.key
                        clock.advance(by: .seconds(1))
                        return key.hasSuffix("0") && !key.contains("/")
                            ? .split(into: [key + "/a", key + "/b"]) : PartitionOutcome(records: 1)
                    }
                }
                let limiter = SharedRateLimiter(
                    store: DynamoDBSharedLimitStore(dynamo: dynamo), limit: .perSecond(50), time: clock, batch: 10)
                for _ in 0..<12 { try await limiter.acquire("service:key") }
                var operations = Set(counting.operations.keys)
                operations.remove("CreateTable")
                return operations
            }
        }
    }

    /// Each `Sid: TrackJobs` statement of template.yaml: its line and its actions.
    static func trackJobsActions() throws -> [(line: Int, actions: [String])] {
        let root = String(#filePath.dropLast("Tests/IntegrationTests/Tracker/JobsTablePermissionTests.swift".count))
        let lines = ChildProcess.readFile(root + "template.yaml").split(
            separator: "\n", omittingEmptySubsequences: false)
        var found: [(line: Int, actions: [String])] = []
        for (index, line) in lines.enumerated() where line.contains("- Sid: TrackJobs") {
            guard let action = lines[index...].prefix(4).first(where: { $0.contains("Action:") }),
                let open = action.firstIndex(of: "["), let close = action.lastIndex(of: "]")
            else {
                Issue.record("TrackJobs at template.yaml:\(index + 1) has no [Action] list")
                continue
            }
            let actions = action[action.index(after: open)..<close].split(separator: ",")
                .map { $0.filter { $0 != " " } }
            found.append((index + 1, actions))
        }
        return found
    }
}
