import BackfillCore
import BackfillTesting
import ConnectWiseFake
import HTTP
import JSON
import SourceConnector
import TenantBackfill
import Testing
import Timekeeping

/// A chunk whose fetch runs out of time is split in two instead of being retried whole; everything on an
/// injected clock (the rate limiter's waits advance it), so no test sleeps.
@Suite("a chunk that runs out of time is split")
struct ChunkTimeoutTests {
    static let window = SourceWindow(
        startDate: CivilDate(year: 2024, month: 1, day: 1), endDate: CivilDate(year: 2024, month: 1, day: 2))

    @Test("the paced fetch requests no page after its stop time and says it stopped early")
    func pacedStop() async throws {
        let time = ManualTimeSource()
        // Each page takes one second of the injected clock; five pages in all.
        let paced = PacedPagedSource(
            source: SlowPagedSource(time: time, pages: 5), requestsPerMinute: 6000, time: time, random: { 0 })
        let stopped = try await paced.fetchAll(
            table: "service/tickets", window: Self.window, stopAt: time.now + .milliseconds(2500))
        #expect(stopped.stoppedEarly && !stopped.overRecordLimit)
        #expect(stopped.pages == 3 && stopped.records.count == 3)
        let whole = try await paced.fetchAll(
            table: "service/tickets", window: Self.window, stopAt: time.now + .seconds(60))
        #expect(!whole.stoppedEarly)
        #expect(whole.pages == 5 && whole.records.count == 5)
        let late = try await paced.fetchAll(table: "service/tickets", window: Self.window, stopAt: time.now)
        #expect(late.stoppedEarly && late.pages == 1, "the first page is always requested")
    }

    @Test("the paced fetch stops once more records than the limit arrived, and says so")
    func pacedRecordLimit() async throws {
        let paced = PacedPagedSource(
            source: ScriptedPagedSource(failures: []), requestsPerMinute: 60, time: ManualTimeSource(), random: { 0 })
        let stopped = try await paced.fetchAll(table: "service/tickets", window: Self.window, maxRecords: 0)
        #expect(stopped.stoppedEarly && stopped.overRecordLimit)
        #expect(stopped.pages == 1)
        let whole = try await paced.fetchAll(table: "service/tickets", window: Self.window, maxRecords: 2)
        #expect(!whole.stoppedEarly && whole.pages == 2)
    }

    @Test("a chunk of several days stopped early is split into its halves and writes nothing")
    func writerSplits() async throws {
        let objects = InMemoryObjectStore()
        let writer = TenantChunkWriter(
            settings: try TenantBackfillSettings.defaults.service("connectwise"), objects: objects,
            time: ManualTimeSource())
        let chunk = TenantChunk(
            tenantID: "t1", service: "connectwise", table: "service/tickets", jobID: "j",
            start: CivilDate(year: 2023, month: 1, day: 1), end: CivilDate(year: 2023, month: 1, day: 31))
        let result = try await writer.write(chunk, fetch: Self.stoppedFetch)
        #expect(result.timedOut && result.splits == 1 && result.pages == 3)
        #expect(
            result.splitInto == ["service/tickets|2023-01-01..2023-01-16", "service/tickets|2023-01-16..2023-01-31"])
        #expect(result.written == 0 && objects.stored.isEmpty)
        #expect(result.partitionDetails["timed_out"] == 1 && result.partitionDetails["fetched"] == 2)
    }

    @Test("a one-day chunk stopped early fails (and is retried whole), naming the chunk")
    func oneDayFails() async throws {
        let writer = TenantChunkWriter(
            settings: try TenantBackfillSettings.defaults.service("connectwise"), objects: InMemoryObjectStore(),
            time: ManualTimeSource())
        let chunk = TenantChunk(
            tenantID: "t1", service: "connectwise", table: "service/tickets", jobID: "j",
            start: CivilDate(year: 2023, month: 1, day: 1), end: CivilDate(year: 2023, month: 1, day: 2))
        await #expect {
            _ = try await writer.write(chunk, fetch: Self.stoppedFetch)
        } throws: { error in
            "\(error)".contains("service/tickets|2023-01-01..2023-01-02") && "\(error)".contains("one day")
        }
    }

    static let stoppedFetch: TenantChunkWriter.Fetch = { _, _ in
        var fetched = FetchedChunk(records: [["id": 1], ["id": 2]], pages: 3)
        fetched.stoppedEarly = true
        return fetched
    }

    @Test("through the handler: chunks over max_chunk_seconds split down until they fit, none lost, counts tracked")
    func handlerSplitsOnTime() async throws {
        try await TenantBackfillHandlerTests.withFake { fake, http in
            let event = TenantBackfillHandlerTests.event.merging(["chunk_size_days": 60])
            let whole = try TenantHarness(fakeEndpoint: fake.endpoint, transport: http)
            let unsplit = try await whole.run(event)
            let expected = try #require(unsplit["body"]?["tables"]?["service/tickets"]?["written"]?.intValue)
            // Two records a page, a request every 10 s of the injected clock, 10 s a chunk: a chunk needing more
            // than a page or two runs out of time and is halved until its halves fit.
            let config = #"""
                {"service_settings":{"connectwise":{"page_size":2,"rate_limit_requests_per_minute":6,
                "max_chunk_seconds":10}}}
                """#
            let harness = try TenantHarness(fakeEndpoint: fake.endpoint, transport: http, config: config)
            let result = try await harness.run(event)
            #expect(result["statusCode"] == 200)
            let tickets = try #require(result["body"]?["tables"]?["service/tickets"])
            #expect((tickets["splits"]?.intValue ?? 0) >= 1)
            #expect(tickets["written"]?.intValue == expected, "the halves wrote what the whole chunk held")
            let parent = "service/tickets|2023-01-01..2023-03-02"
            let job = try #require(try await harness.jobs.job(id: "backfill_t1_connectwise_20230101"))
            let split = try #require(job.partition(parent))
            #expect(split.status == .skipped)
            #expect(split.lastError?.hasPrefix("split into service/tickets|2023-01-01..2023-01-31") == true)
            #expect(split.details["timed_out"] == 1)
            let done = job.partitions.filter { $0.status == .succeeded }
            #expect(!done.isEmpty)
            #expect(done.reduce(0) { $0 + $1.records } == expected)
            for state in done {
                #expect(state.details["written"]?.numberValue == state.records)
                #expect(state.details["key"]?.textValue?.hasPrefix("t1/raw/connectwise/tickets/") == true)
                #expect((state.details["pages"]?.numberValue ?? 0) >= 1)
            }
        }
    }
}

/// A paged source whose every page takes one second of the injected clock.
struct SlowPagedSource: PagedSource {
    let time: ManualTimeSource
    let pages: Int

    var service: String { "connectwise" }
    var firstCursor: Int { 1 }

    func fetchPage(table: String, window: SourceWindow, cursor: Int) async throws(SourceError) -> SourcePage {
        time.advance(by: .seconds(1))
        return SourcePage(records: [["id": .int(Int64(cursor))]], next: cursor < pages ? cursor + 1 : nil)
    }
}
