import BackfillTesting
import ConnectWiseFake
import HTTP
import JSON
import TenantBackfill
import Testing
import Timekeeping

@Suite("tenant-backfill handler over in-memory stores and the ConnectWise fake")
struct TenantBackfillHandlerTests {
    static let event: JSONValue = [
        "tenant_id": "t1", "service": "connectwise", "table_name": "service/tickets", "start_date": "2023-01-01",
        "end_date": "2023-03-02T00:00:00Z",
    ]

    static func withFake<Result>(
        _ change: @Sendable (inout ConnectWiseFake.Options) -> Void = { _ in },
        _ body: (ConnectWiseFake, any HTTPTransport) async throws -> Result
    ) async throws -> Result {
        var options = ConnectWiseFake.Options()
        change(&options)
        let fake = try ConnectWiseFake(options: options)
        defer { fake.stop() }
        return try await CurlHTTPClient.withClient { http in try await body(fake, http) }
    }

    @Test("every chunk lands as Parquet under its key, then the canonical trigger, the marker and the summary")
    func endToEnd() async throws {
        try await Self.withFake { fake, http in
            let harness = try TenantHarness(fakeEndpoint: fake.endpoint, transport: http)
            let result = try await harness.run(Self.event)
            #expect(result["statusCode"] == 200)
            let body = try #require(result["body"])
            #expect(body["message"] == "backfill_complete")
            #expect(body["job_id"] == "backfill_t1_connectwise_20230101")
            let expected = ConnectWiseFakeData().indices(
                from: CivilDate(year: 2023, month: 1, day: 1).startTimestamp,
                to: CivilDate(year: 2023, month: 3, day: 2).startTimestamp
            ).count
            #expect(body["tables"]?["service/tickets"]?["written"]?.intValue == Int64(expected))
            let stored = harness.objects.stored
            let first = try #require(stored["t1/raw/connectwise/tickets/2023-01-01_2023-01-31.parquet"])
            #expect(stored["t1/raw/connectwise/tickets/2023-01-31_2023-03-02.parquet"] != nil)
            #expect(first.metadata["job-id"] == "backfill_t1_connectwise_20230101")
            #expect(first.metadata["chunk"] == "2023-01-01..2023-01-31")
            #expect(Array(first.body.prefix(4)) == Array("PAR1".utf8))
            let calls = harness.invoker.recorded
            #expect(calls.count == 1)
            #expect(calls.first?.function == "avesa-canonical-transform-tickets-test" && calls.first?.async == true)
            #expect(
                calls.first?.payload
                    == [
                        "tenant_id": "t1", "service": "connectwise", "table_name": "service/tickets",
                        "backfill_mode": true, "job_id": "backfill_t1_connectwise_20230101",
                        "start_date": "2023-01-01", "end_date": "2023-03-02",
                        "s3_prefix": "t1/raw/connectwise/tickets/",
                    ])
            #expect(harness.markers.value("t1", "connectwise#tickets") == "2023-03-02T00:00:00Z")
            let summary = try JSONParser.parse(
                try #require(harness.objects.objects["t1/backfill/backfill_t1_connectwise_20230101.json"]))
            #expect(summary["tables"]?["service/tickets"]?["status"] == "complete")

            // A resume of the finished job triggers nothing again.
            let resumed = try await harness.run(["resume_job_id": "backfill_t1_connectwise_20230101"])
            #expect(resumed["statusCode"] == 200)
            #expect(harness.invoker.recorded.count == 1)
        }
    }

    @Test("the sync marker never moves behind a newer one")
    func markerForwardOnly() async throws {
        try await Self.withFake { fake, http in
            let harness = try TenantHarness(fakeEndpoint: fake.endpoint, transport: http)
            _ = try await harness.markers.advance(
                tenantID: "t1", tableName: "connectwise#tickets", to: "2024-05-01T00:00:00Z")
            _ = try await harness.run(Self.event)
            #expect(harness.markers.value("t1", "connectwise#tickets") == "2024-05-01T00:00:00Z")
        }
    }

    @Test("a chunk over max_records_per_chunk is replaced by its halves in the job, none lost")
    func split() async throws {
        try await Self.withFake { fake, http in
            let whole = try TenantHarness(fakeEndpoint: fake.endpoint, transport: http)
            let unsplit = try await whole.run(Self.event.merging(["chunk_size_days": 60]))
            let expected = try #require(unsplit["body"]?["tables"]?["service/tickets"]?["written"]?.intValue)
            let config = #"{"service_settings":{"connectwise":{"max_records_per_chunk":15}}}"#
            let harness = try TenantHarness(fakeEndpoint: fake.endpoint, transport: http, config: config)
            let result = try await harness.run(Self.event.merging(["chunk_size_days": 60]))
            let tickets = try #require(result["body"]?["tables"]?["service/tickets"])
            #expect((tickets["splits"]?.intValue ?? 0) >= 1)
            #expect(tickets["written"]?.intValue == expected, "the halves wrote what the whole chunk held")
            let parent = "service/tickets|2023-01-01..2023-03-02"
            let reasons = result["body"]?["skip_reasons"]
            #expect(reasons?[parent]?.stringValue?.hasPrefix("split into service/tickets|2023-01-01..") == true)
            #expect(result.bodyStrings("succeeded").contains { $0.hasPrefix("service/tickets|2023-01-01..") })
            let keys = harness.objects.stored.keys.filter { $0.hasSuffix(".parquet") }.sorted()
            #expect(keys.count >= 2)
            #expect(!keys.contains("t1/raw/connectwise/tickets/2023-01-01_2023-03-02.parquet"))
        }
    }

    @Test("a 401 fails the chunk at once, naming the secret and never echoing a key")
    func unauthorized() async throws {
        try await Self.withFake { fake, http in
            let harness = try TenantHarness(fakeEndpoint: fake.endpoint, transport: http, privateKey: "wrong-key-123")
            let result = try await harness.run(Self.event)
            #expect(result["statusCode"] == 207)
            let text = result.serialized()
            #expect(text.contains("check the credentials in secret tenants/t1/connectwise"))
            #expect(!text.contains("wrong-key-123"))
            #expect(harness.invoker.recorded.isEmpty)
            // One request per attempt (never retried within it): 2 chunks × the tracker's 3 attempts.
            #expect(fake.requests.count == 6 && fake.requests.allSatisfy { $0.status == 401 })
        }
    }

    @Test("a secret lacking a field is an error naming the secret and the field")
    func badSecret() async throws {
        try await Self.withFake { fake, http in
            let harness = try TenantHarness(
                fakeEndpoint: fake.endpoint, transport: http, secret: #"{"api_url":"x","company_id":"acme"}"#)
            await #expect {
                _ = try await harness.run(Self.event)
            } throws: { error in
                "\(error)".contains("secret tenants/t1/connectwise lacks the field public_key")
            }
        }
    }
}

extension JSONValue {
    /// This object with `members` added.
    func merging(_ members: JSONObject) -> JSONValue {
        var object = objectValue ?? JSONObject()
        for (key, value) in members { object[key] = value }
        return .object(object)
    }
}

extension JSONValue {
    /// The strings of an array member of `body`.
    fileprivate func bodyStrings(_ name: String) -> [String] {
        self["body"]?[name]?.arrayValue?.compactMap(\.stringValue) ?? []
    }
}
