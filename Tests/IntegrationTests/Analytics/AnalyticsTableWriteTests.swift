import AWS
import AWSSigV4
import Analytics
import BackfillTesting
import HTTP
import JSON
import Testing
import Timekeeping

/// The analytics table's writes against a loopback DynamoDB fake that leaves items unprocessed: every item
/// arrives exactly once in the end, in batches of at most 25, after backoff waits on the injected clock.
@Suite("analytics table writes with unprocessed items")
struct AnalyticsTableWriteTests {
    @Test("BatchWriteItem by 25; UnprocessedItems are sent again after a backoff until none are left")
    func unprocessed() async throws {
        let stored = LockedValue<[String: Int]>([:])
        let calls = LockedValue<[Int]>([])
        let server = try LoopbackHTTPServer { request in
            let input = try? JSONParser.parse(request.body)
            let writes = input?["RequestItems"]?["Analytics"]?.arrayValue ?? []
            let round = calls.withLock { list in
                list.append(writes.count)
                return list.count
            }
            // Every other call leaves its last three writes unprocessed.
            let kept = round % 2 == 1 && writes.count > 3 ? Array(writes.prefix(writes.count - 3)) : writes
            let left = round % 2 == 1 && writes.count > 3 ? Array(writes.suffix(3)) : []
            stored.withLock { map in
                for write in kept {
                    let item = write["PutRequest"]?["Item"]
                    let key = "\(item?["date"]?["S"]?.stringValue ?? "")|\(item?["app"]?["S"]?.stringValue ?? "")"
                    map[key, default: 0] += 1
                }
            }
            let body: JSONValue = ["UnprocessedItems": left.isEmpty ? [:] : ["Analytics": .array(left)]]
            return LoopbackResponse(
                status: 200, headers: ["Content-Type": "application/x-amz-json-1.0"], text: body.serialized())
        }
        defer { server.stop() }
        let clock = ManualTimeSource(now: Timestamp(secondsSince1970: 1_764_000_000))
        try await CurlHTTPClient.withClient { http in
            let client = AWSClient(
                configuration: AWSConfiguration(
                    region: "us-east-1",
                    credentials: AWSCredentials(accessKeyID: "AKIDFAKE", secretAccessKey: "fake"),
                    endpointURL: server.baseURL),
                transport: http, timeSource: clock)
            let outputs = AWSAnalyticsOutputs(
                dynamoDB: DynamoDBClient(client: client), client: client, table: "Analytics")
            let first = CivilDate(year: 2025, month: 1, day: 1)
            let rows = (0..<60).map { index in
                DailyMetrics(
                    date: first.adding(days: index / 2), app: index % 2 == 0 ? "bubbly" : "fizz", activeUsers: index,
                    gamesPlayed: 1, partiesCreated: 0, partiesJoined: 0)
            }
            let written = try await outputs.writeRows(rows, exportArn: "arn:x", updatedAt: "2025-03-01T00:00:00Z")
            #expect(written == 60)
        }
        #expect(stored.value.count == 60)
        #expect(stored.value.values.allSatisfy { $0 == 1 })
        #expect(calls.value.allSatisfy { $0 <= 25 })
        #expect(calls.value.count > 3)  // retries happened
        #expect(!clock.sleeps.isEmpty)
    }
}
