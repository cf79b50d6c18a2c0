import AWS
import BackfillCore
import BackfillTesting
import HTTP
import Testing
import Timekeeping

/// The open slots of a shared limit (the gaps slow workers leave) kept in the jobs table item against moto with
/// signature checking, and spent by another worker.
@Suite("Shared limit open slots in the jobs table (moto)")
struct SharedLimitOpenSlotsMotoTests {
    @Test("open slots survive the round trip, and workers at different paces never share a slot")
    func openSlots() async throws {
        try await MotoServer.withServer { moto in
            try await CurlHTTPClient.withClient { http in
                let dynamo = DynamoDBClient(client: AWSClient(configuration: moto.configuration(), transport: http))
                try await dynamo.createTable(DynamoDBJobStore.tableDefinition())
                let store = DynamoDBSharedLimitStore(dynamo: dynamo)
                let state = SharedLimitState(nextSlot: 10_000, pausedUntil: 5, version: 1, open: [9_100, 9_400, 9_700])
                #expect(try await store.write("cw", state, expected: nil))
                #expect(try await store.read("cw") == state)

                // A slow worker (700 ms a request) takes slots at its pace, leaving the gaps open; a fast one fills them.
                let slowClock = ManualTimeSource()
                let fastClock = ManualTimeSource()
                let slow = SharedRateLimiter(store: store, limit: .perSecond(10), time: slowClock, batch: 5)
                let fast = SharedRateLimiter(store: store, limit: .perSecond(10), time: fastClock, batch: 5)
                var slots: [Int64] = []
                for _ in 0..<15 {
                    slots.append(try await slow.acquire("t1:connectwise").millisecondsSince1970)
                    slowClock.advance(by: .milliseconds(700))
                }
                let slowOwn = slots.suffix(10)
                #expect(zip(slowOwn.dropFirst(), slowOwn).allSatisfy { $0 - $1 >= 700 })
                let stored = try #require(try await store.read("t1:connectwise"))
                #expect(!stored.open.isEmpty)
                fastClock.set(slowClock.now)
                for _ in 0..<10 { slots.append(try await fast.acquire("t1:connectwise").millisecondsSince1970) }
                #expect(Set(slots).count == slots.count, "a slot was granted twice")
                let sorted = slots.sorted()
                #expect(zip(sorted.dropFirst(), sorted).allSatisfy { $0 - $1 >= 100 })
            }
        }
    }
}
