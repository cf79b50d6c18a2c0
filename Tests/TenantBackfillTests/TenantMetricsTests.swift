import BackfillCore
import BackfillTesting
import ConnectWiseFake
import HTTP
import JSON
import Testing
import Timekeeping

@testable import TenantBackfill

/// The per-job EMF metrics the alarms watch, read from the lines the handler writes (``LogCapture``): one line
/// per invocation with `Tenant`, `Service`, `JobId` (and the dimension-less set), consecutive failures counted
/// across one-chunk invocations from the job itself.
@Suite("Tenant backfill job metrics (EMF)")
struct TenantMetricsTests {
    static let secretName = "tenants/t1/connectwise"
    static let start: JSONValue = [
        "tenant_id": "t1", "service": "connectwise", "table_name": "service/tickets", "start_date": "2023-01-01",
        "end_date": "2023-06-30", "chunk_size_days": 30,
    ]

    static let environment = [
        "DATA_BUCKET": "lake", "TENANT_SERVICES_TABLE": "TenantServices", "LAST_UPDATED_TABLE": "LastUpdated",
        "ENVIRONMENT": "test",
    ]

    /// A handler writing metrics into `capture`, over `jobs`, with the fake's credentials (or a wrong key).
    static func handler(
        fake: ConnectWiseFake, http: any HTTPTransport, jobs: InMemoryJobStore, clock: ManualTimeSource,
        capture: LogCapture, privateKey: String = "fake-private"
    ) throws -> TenantBackfillHandler {
        let secret =
            #"{"api_url":"\#(fake.endpoint)","company_id":"acme","public_key":"fake-public","private_key":"\#(privateKey)","client_id":"fake-client"}"#
        let configuration = try TenantBackfillConfiguration(environment: environment)
        let dependencies = TenantBackfillDependencies(
            objects: InMemoryObjectStore(), jobs: jobs,
            tenants: MemoryTenants([TenantServiceItem(tenantID: "t1", service: "connectwise", secretName: secretName)]),
            markers: MemoryMarkers(), secrets: MemorySecrets(secrets: [secretName: secret]),
            functions: RecordingInvoker(), transport: http, time: clock, metrics: capture.metrics,
            heartbeatTick: { try await Task.sleep(for: .seconds(86_400)) }, maxSourceAttempts: 3, random: { 0 })
        return TenantBackfillHandler(configuration: configuration, dependencies: dependencies)
    }

    static func run(_ handler: TenantBackfillHandler, _ event: JSONValue) async throws -> JSONValue {
        try await handler.run(
            try TenantBackfillRequest(event: event), owner: "test", deadline: .none, logger: LogCapture().logger)
    }

    /// The tenant metrics lines among `capture`'s EMF lines, parsed.
    static func lines(_ capture: LogCapture) throws -> [JSONValue] {
        try capture.lines.map { try JSONParser.parse(Array($0.utf8)) }.filter {
            $0["_aws"]?["CloudWatchMetrics"]?.arrayValue?.first?["Namespace"]?.stringValue == TenantMetrics.namespace
        }
    }

    static func withFake(_ body: (ConnectWiseFake, any HTTPTransport) async throws -> Void) async throws {
        let fake = try ConnectWiseFake()
        defer { fake.stop() }
        try await CurlHTTPClient.withClient { http in try await body(fake, http) }
    }

    @Test("a whole run: one line, its chunks and records counted, dimensions Tenant/Service/JobId and none")
    func wholeRun() async throws {
        try await Self.withFake { fake, http in
            let capture = LogCapture()
            let clock = ManualTimeSource(now: CivilDate(year: 2024, month: 6, day: 1).startTimestamp)
            let handler = try Self.handler(
                fake: fake, http: http, jobs: InMemoryJobStore(), clock: clock, capture: capture)
            let result = try await Self.run(handler, Self.start)
            let line = try #require(try Self.lines(capture).only)
            let written = try #require(result["body"]?["tables"]?["service/tickets"]?["written"]?.intValue)
            #expect(line["ChunksSucceeded"] == 6 && line["ChunksFailed"] == 0)
            #expect(line["Records"]?.intValue == written && written > 0)
            #expect(line["ConsecutiveChunkFailures"] == 0)
            #expect(line["JobAgeSeconds"] == nil, "a settled job has no age to alarm on")
            #expect(line["Tenant"] == "t1" && line["Service"] == "connectwise")
            #expect(line["JobId"] == "backfill_t1_connectwise_20230101")
            let metrics = try #require(line["_aws"]?["CloudWatchMetrics"]?.arrayValue?.first)
            #expect(metrics["Dimensions"] == [["Tenant", "Service", "JobId"], []])
            let names = Set(metrics["Metrics"]?.arrayValue?.compactMap { $0["Name"]?.stringValue } ?? [])
            #expect(names == Set(TenantMetrics.Name.all).subtracting([TenantMetrics.Name.jobAge]))
        }
    }

    @Test("one-chunk invocations: failures counted in a row across invocations, reset by a success; job age")
    func consecutiveAcrossInvocations() async throws {
        try await Self.withFake { fake, http in
            let capture = LogCapture()
            let jobs = InMemoryJobStore()
            let clock = ManualTimeSource(now: CivilDate(year: 2024, month: 6, day: 1).startTimestamp)
            let good = try Self.handler(fake: fake, http: http, jobs: jobs, clock: clock, capture: capture)
            let bad = try Self.handler(
                fake: fake, http: http, jobs: jobs, clock: clock, capture: capture, privateKey: "wrong")
            guard case .start(let start) = try TenantBackfillRequest(event: Self.start) else {
                Issue.record("not a start event")
                return
            }
            let plan = try TenantJobPlan(
                request: start,
                item: TenantServiceItem(tenantID: "t1", service: "connectwise", secretName: Self.secretName),
                settings: try TenantBackfillConfiguration(environment: Self.environment).settings,
                bucket: "lake", today: clock.now.civil.date)
            let created = try await jobs.createJob(plan.definition, now: clock.now).record.createdAt
            let keys = plan.chunks.map(\.partitionKey)
            var seen: [Int64] = []
            for (index, fails) in [true, true, true, true, false, true].enumerated() {
                clock.advance(by: .seconds(60))
                _ = try await Self.run(
                    fails ? bad : good, ["job_id": .string(plan.jobID), "partition": .string(keys[index])])
                let line = try #require(try Self.lines(capture).last)
                seen.append(line["ConsecutiveChunkFailures"]?.intValue ?? -1)
                #expect(line["ChunksFailed"]?.intValue == (fails ? 1 : 0))
                let at = try #require(line["_aws"]?["Timestamp"]?.intValue)
                #expect(line["JobAgeSeconds"]?.intValue == (at - created.millisecondsSince1970) / 1000)
            }
            #expect(seen == [1, 2, 3, 4, 0, 1])
            #expect(try Self.lines(capture).count == 6)
        }
    }

    @Test("consecutive failures: the failed chunks after the last one that did not fail, by when they changed")
    func consecutiveFromJob() {
        func state(_ key: String, _ status: PartitionStatus, at seconds: Int64) -> PartitionState {
            PartitionState(key: key, status: status, updatedAt: Timestamp(millisecondsSince1970: seconds * 1000))
        }
        var job = JobRecord(
            JobDefinition(jobID: "j", handler: "tenant-backfill", destination: "d", partitionKeys: []),
            now: Timestamp(millisecondsSince1970: 0))
        job.partitions = [
            state("a", .failed, at: 5), state("b", .succeeded, at: 3), state("c", .failed, at: 4),
            state("d", .running, at: 9), state("e", .pending, at: 0), state("f", .failed, at: 1),
        ]
        #expect(TenantMetrics.consecutiveFailures(job) == 2)
        job.partitions.append(state("g", .skipped, at: 6))
        #expect(TenantMetrics.consecutiveFailures(job) == 0)
    }
}

extension Array {
    /// The one element, or nil when there are none or several.
    fileprivate var only: Element? { count == 1 ? first : nil }
}
