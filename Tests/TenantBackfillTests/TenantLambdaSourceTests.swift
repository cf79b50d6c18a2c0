import BackfillTesting
import HTTP
import JSON
import TenantBackfill
import Testing
import Timekeeping

@Suite("tenant-backfill: ingestion-Lambda source, one-chunk events, bad events")
struct TenantLambdaSourceTests {
    static let config =
        #"{"service_settings":{"acme":{"connector":"lambda","tables":["tickets"],"chunk_size_days":10}}}"#
    static let event: JSONValue = [
        "tenant_id": "t1", "service": "acme", "start_date": "2024-01-01", "end_date": "2024-01-21",
    ]

    static func records(_ payload: JSONValue) -> JSONValue {
        let start = String((payload["start_date"]?.stringValue ?? "").prefix(10))
        return [
            "statusCode": 200,
            "body": .string(
                JSONValue.object([
                    "records": [
                        ["id": 1, "lastUpdated": .string(start + "T01:00:00Z"), "name": "a"],
                        ["id": 1, "lastUpdated": .string(start + "T02:00:00Z"), "name": "a2"],
                        ["id": 2, "name": "no time"],
                    ]
                ]).serialized()),
        ]
    }

    static func harness(_ answer: @escaping @Sendable (String, JSONValue) -> FunctionAnswer) async throws
        -> TenantHarness
    {
        try await CurlHTTPClient.withClient { http in
            try TenantHarness(
                fakeEndpoint: "http://127.0.0.1:9", transport: http, config: config,
                invoker: RecordingInvoker(answer: answer), service: "acme", secret: "{}")
        }
    }

    @Test("each chunk invokes the ingestion function with the exact payload; dedupe and rejects are applied")
    func ingestion() async throws {
        let harness = try await Self.harness { _, payload in
            FunctionAnswer(status: 200, payload: Self.records(payload).serializedBytes())
        }
        let result = try await harness.run(Self.event)
        #expect(result["statusCode"] == 200)
        let sync = harness.invoker.recorded.filter { !$0.async }
        #expect(sync.count == 2)
        #expect(sync.first?.function == "avesa-acme-ingestion-test")
        #expect(
            sync.first?.payload
                == [
                    "tenant_id": "t1", "service_name": "acme", "table_name": "tickets",
                    "start_date": "2024-01-01T00:00:00Z", "end_date": "2024-01-11T00:00:00Z", "backfill_mode": true,
                    "force_full_sync": true, "chunk_number": 1, "total_chunks": 2,
                ])
        let tickets = try #require(result["body"]?["tables"]?["tickets"])
        #expect(tickets["written"] == 2 && tickets["rejected"] == 2 && tickets["duplicates"] == 2)
        #expect(harness.objects.stored["t1/raw/acme/tickets/_rejected/2024-01-01_2024-01-11.ndjson.gz"] != nil)
        #expect(harness.invoker.recorded.filter(\.async).map(\.function) == ["avesa-canonical-transform-tickets-test"])
    }

    @Test("a function error fails the chunk with the function's message; no canonical trigger")
    func functionError() async throws {
        let harness = try await Self.harness { _, _ in
            FunctionAnswer(
                status: 200, payload: Array(#"{"errorMessage":"upstream exploded"}"#.utf8), functionError: "Unhandled")
        }
        let result = try await harness.run(Self.event)
        #expect(result["statusCode"] == 207)
        #expect(result.serialized().contains("upstream exploded"))
        #expect(harness.invoker.recorded.filter(\.async).isEmpty)
    }

    @Test("a chunk whose first attempt fails is retried by the tracker and succeeds; the job completes")
    func failingChunkRetried() async throws {
        let calls = LockedValue(0)
        let harness = try await Self.harness { _, payload in
            let call = calls.withLock { count -> Int in
                count += 1
                return count
            }
            if call == 1 {
                return FunctionAnswer(
                    status: 200, payload: Array(#"{"errorMessage":"temporary outage"}"#.utf8),
                    functionError: "Unhandled")
            }
            return FunctionAnswer(status: 200, payload: Self.records(payload).serializedBytes())
        }
        let result = try await harness.run(Self.event)
        #expect(result["statusCode"] == 200)
        #expect(result["body"]?["failed"] == [])
        #expect(harness.invoker.recorded.filter { !$0.async }.count == 3)
        #expect(harness.objects.stored["t1/raw/acme/tickets/2024-01-01_2024-01-11.parquet"] != nil)
        #expect(harness.objects.stored["t1/raw/acme/tickets/2024-01-11_2024-01-21.parquet"] != nil)
        #expect(harness.invoker.recorded.filter(\.async).count == 1)
    }

    @Test("an unparseable answer fails the chunk")
    func unparseable() async throws {
        let harness = try await Self.harness { _, _ in FunctionAnswer(status: 200, payload: Array("OK".utf8)) }
        let result = try await harness.run(Self.event)
        #expect(result["statusCode"] == 207)
        #expect(result.serialized().contains("without a records list"))
    }

    @Test("{job_id, partition} runs one chunk of an existing job")
    func oneChunk() async throws {
        let harness = try await Self.harness { _, payload in
            FunctionAnswer(status: 200, payload: Self.records(payload).serializedBytes())
        }
        _ = try await harness.run(Self.event.merging(["dry_run": true]))
        let first = try await harness.run(Self.event.merging(["end_date": "2024-01-11"]))
        #expect(first["statusCode"] == 200)
        let result = try await harness.run([
            "job_id": "backfill_t1_acme_20240101", "partition": "tickets|2024-01-01..2024-01-11",
        ])
        #expect(result["body"]?["message"] == "chunk_unavailable")
    }

    static let badEventCases: [(JSONValue, String)] = [
        (JSONValue.array([]), "JSON object"), (["service": "acme"], "tenant_id"), (["tenant_id": "t1"], "service"),
        (["tenant_id": "t1", "service": "acme", "start_date": "01/02/2023"], "start_date"),
        (["tenant_id": "t1", "service": "acme", "chunk_size_days": 0], "chunk_size_days"),
        (["tenant_id": "t1", "service": "acme", "start_date": "2024-02-01", "end_date": "2024-01-01"], "before"),
        (["resume_job_id": 5], "resume_job_id"),
    ]

    @Test("bad events name the field", arguments: badEventCases)
    func badEvents(event: JSONValue, field: String) {
        #expect {
            _ = try TenantBackfillRequest(event: event)
        } throws: { error in
            (error as? TenantBackfillError)?.errorType == "InvalidEvent" && "\(error)".contains(field)
        }
    }

    @Test("dates come in both forms")
    func dates() throws {
        let request = try TenantBackfillRequest(event: [
            "tenant_id": "t1", "service": "acme", "start_date": "2023-01-01T00:00:00Z", "end_date": "2023-02-01",
        ])
        guard case .start(let start) = request else {
            Issue.record("not a start")
            return
        }
        #expect(start.startDate == CivilDate(year: 2023, month: 1, day: 1))
        #expect(start.endDate == CivilDate(year: 2023, month: 2, day: 1))
    }

    @Test("an unknown tenant is a bad event")
    func unknownTenant() async throws {
        let harness = try await Self.harness { _, _ in FunctionAnswer(status: 200, payload: []) }
        await #expect {
            _ = try await harness.run(["tenant_id": "nobody", "service": "acme"])
        } throws: { error in
            "\(error)".contains("tenant nobody has no service acme")
        }
    }
}
