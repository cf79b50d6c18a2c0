import AWS
import BackfillCore
import BackfillTesting
import HTTP
import Testing

/// The DynamoDB store of shared limits against moto with signature checking: conditional writes, and limit
/// items kept out of job listings.
@Suite("Shared limits in the jobs table (moto)")
struct SharedLimitStoreMotoTests {
    @Test("first write needs no item, later writes need the version read; listings ignore limit items")
    func conditionalWrites() async throws {
        try await MotoServer.withServer { moto in
            try await CurlHTTPClient.withClient { http in
                let dynamo = DynamoDBClient(client: AWSClient(configuration: moto.configuration(), transport: http))
                try await dynamo.createTable(DynamoDBJobStore.tableDefinition())
                let store = DynamoDBSharedLimitStore(dynamo: dynamo)
                #expect(try await store.read("ce") == nil)
                #expect(try await store.write("ce", SharedLimitState(nextSlot: 1_000, version: 1), expected: nil))
                #expect(!(try await store.write("ce", SharedLimitState(nextSlot: 2_000, version: 1), expected: nil)))
                #expect(
                    try await store.write(
                        "ce", SharedLimitState(nextSlot: 2_000, pausedUntil: 9, version: 2), expected: 1))
                #expect(!(try await store.write("ce", SharedLimitState(nextSlot: 3_000, version: 2), expected: 1)))
                #expect(try await store.read("ce") == SharedLimitState(nextSlot: 2_000, pausedUntil: 9, version: 2))

                let limiter = SharedRateLimiter(
                    store: store, limit: .perSecond(50), time: ManualTimeSource(), batch: 10)
                for _ in 0..<30 { try await limiter.acquire("fred:key-1") }
                #expect(limiter.counters.writes == 3)
                #expect(try await DynamoDBJobStore(dynamo: dynamo).listJobs(limit: 10).isEmpty)
            }
        }
    }
}
