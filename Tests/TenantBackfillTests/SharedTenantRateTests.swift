import BackfillCore
import BackfillTesting
import ConnectWiseFake
import JSON
import Testing
import Timekeeping

/// Chunk workers of a Map are separate Lambdas: each paces through one stored limit per `{tenant}:{service}`,
/// so a second worker waits behind the slots and pauses the first one took.
@Suite("tenant-backfill requests per minute shared across workers")
struct SharedTenantRateTests {
    static let event: JSONValue = [
        "tenant_id": "t1", "service": "connectwise", "table_name": "service/tickets", "start_date": "2023-01-01",
        "end_date": "2023-03-02T00:00:00Z",
    ]

    @Test("a worker's requests are counted under tenant:service in the shared store")
    func countedUnderTenantService() async throws {
        try await TenantBackfillHandlerTests.withFake { fake, http in
            let store = InMemorySharedLimitStore()
            let harness = try TenantHarness(fakeEndpoint: fake.endpoint, transport: http, sharedLimits: store)
            let result = try await harness.run(Self.event)
            #expect(result["statusCode"] == 200)
            let state = try #require(try await store.read("t1:connectwise"))
            // 200 requests a minute: one slot every 300 ms, at least one per request the fake answered.
            let start = TenantHarness.today.startTimestamp.millisecondsSince1970 + 3_600_000
            #expect(state.nextSlot >= start + Int64(fake.requests.count) * 300 - 300)
            #expect(try await store.read("connectwise") == nil)
        }
    }

    @Test("a second worker waits for the pause another worker stored, and is not paced without the store")
    func secondWorkerHonoursSharedPause() async throws {
        try await TenantBackfillHandlerTests.withFake { fake, http in
            let store = InMemorySharedLimitStore()
            let start = TenantHarness.today.startTimestamp + .seconds(3600)
            let paused = start.millisecondsSince1970 + 90_000
            #expect(
                try await store.write(
                    "t1:connectwise", SharedLimitState(nextSlot: paused, pausedUntil: paused, version: 1),
                    expected: nil))
            let clock = ManualTimeSource(now: start)
            let harness = try TenantHarness(
                fakeEndpoint: fake.endpoint, transport: http, time: clock, sharedLimits: store)
            #expect(try await harness.run(Self.event)["statusCode"] == 200)
            #expect(!fake.requests.isEmpty)
            #expect(clock.now.millisecondsSince1970 >= paused, "the worker went before the shared pause ended")

            let alone = ManualTimeSource(now: start)
            let unshared = try TenantHarness(fakeEndpoint: fake.endpoint, transport: http, time: alone)
            #expect(try await unshared.run(Self.event)["statusCode"] == 200)
            #expect(alone.now.millisecondsSince1970 < paused)
        }
    }
}
