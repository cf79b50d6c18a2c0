import BackfillTesting
import HTTP
import JSON
import ServiceNowConnector
import ServiceNowFake
import SourceConnector
import Testing
import Timekeeping

@Suite("ServiceNow connector against its fake over loopback HTTP")
struct ServiceNowLoopbackTests {
    static func credentials(_ fake: ServiceNowFake, secret: JSONObject = ["password": "fake-password"]) throws
        -> ServiceNowCredentials
    {
        var object: JSONObject = ["instance_url": .string(fake.endpoint), "username": "svc-backfill"]
        for (key, value) in secret { object[key] = value }
        return try ServiceNowCredentials(secretName: "tenants/t2/servicenow", json: .object(object))
    }

    @Test("offsets walk the window once; X-Total-Count and plain reference ids come back")
    func paging() async throws {
        var options = ServiceNowFake.Options()
        options.data = ServiceNowFakeData(count: 365)
        let fake = try ServiceNowFake(options: options)
        defer { fake.stop() }
        let window = SourceWindow(
            startDate: CivilDate(year: 2024, month: 2, day: 1), endDate: CivilDate(year: 2024, month: 5, day: 1))
        let expected = options.data.indices(from: window.start, to: window.end)
        try #require(expected.count > 40)
        try await CurlHTTPClient.withClient { http in
            let client = ServiceNowClient(credentials: try Self.credentials(fake), transport: http)
            var records: [JSONValue] = []
            var offset: Int? = 0
            var totals: Set<Int> = []
            while let current = offset, records.count < 10_000 {
                let page = try await client.fetchPage(table: "incident", window: window, offset: current, limit: 20)
                records += page.records
                if let total = page.totalCount { totals.insert(total) }
                offset = page.next
            }
            #expect(totals == [expected.count])
            #expect(
                records.compactMap { $0["sys_id"]?.stringValue }
                    == expected.map { ServiceNowFakeData.sysID(table: "incident", index: $0) })
            #expect(records.allSatisfy { $0["caller_id"]?.stringValue != nil })
            let times = records.compactMap { $0["sys_updated_on"]?.stringValue.flatMap(SourceWindow.parseSeconds) }
            #expect(times.count == records.count && times.allSatisfy { $0 >= window.start && $0 < window.end })
        }
        #expect(fake.requests.count == (expected.count + 19) / 20)
    }

    @Test("a bearer token works and a wrong password is unauthorized naming the secret")
    func authentication() async throws {
        let fake = try ServiceNowFake()
        defer { fake.stop() }
        let window = SourceWindow(
            startDate: CivilDate(year: 2024, month: 1, day: 1), endDate: CivilDate(year: 2024, month: 1, day: 15))
        try await CurlHTTPClient.withClient { http in
            let bearer = ServiceNowClient(
                credentials: try Self.credentials(fake, secret: ["token": "fake-token"]), transport: http)
            _ = try await bearer.fetchPage(table: "problem", window: window)
            let wrong = ServiceNowClient(
                credentials: try Self.credentials(fake, secret: ["password": "wrong-PASS"]), transport: http)
            let error = await #expect(throws: SourceError.self) {
                _ = try await wrong.fetchPage(table: "problem", window: window)
            }
            #expect(error?.code == .unauthorized)
            #expect(error?.description.contains("tenants/t2/servicenow") == true)
            #expect(error?.description.contains("wrong-PASS") == false)
        }
        #expect(fake.requests.map(\.status) == [200, 401])
    }

    @Test("the per-minute limit answers 429 with Retry-After and X-RateLimit headers are read")
    func throttling() async throws {
        let clock = ManualTimeSource()
        var options = ServiceNowFake.Options()
        options.requestsPerMinute = 2
        options.timeSource = clock
        let fake = try ServiceNowFake(options: options)
        defer { fake.stop() }
        let window = SourceWindow(
            startDate: CivilDate(year: 2024, month: 1, day: 1), endDate: CivilDate(year: 2024, month: 2, day: 1))
        try await CurlHTTPClient.withClient { http in
            let client = ServiceNowClient(credentials: try Self.credentials(fake), transport: http)
            let first = try await client.fetchPage(table: "change_request", window: window)
            #expect(first.rateLimit?.limit == 2 && first.rateLimit?.remaining == 1)
            clock.advance(by: .seconds(15))
            let second = try await client.fetchPage(table: "change_request", window: window)
            #expect(second.rateLimit?.remaining == 0)
            clock.advance(by: .seconds(5))
            let error = await #expect(throws: SourceError.self) {
                _ = try await client.fetchPage(table: "change_request", window: window)
            }
            #expect(error?.code == .throttled(retryAfter: .seconds(40)))
            clock.advance(by: .seconds(40))
            _ = try await client.fetchPage(table: "change_request", window: window)
        }
        #expect(fake.throttleCount == 1)
    }

    @Test("records changing between pages come back twice, the later copy newer")
    func shiftingPages() async throws {
        var options = ServiceNowFake.Options()
        options.data = ServiceNowFakeData(count: 100)
        options.shiftingPages = 3
        let fake = try ServiceNowFake(options: options)
        defer { fake.stop() }
        let window = SourceWindow(start: options.data.origin, end: options.data.origin + options.data.span)
        try await CurlHTTPClient.withClient { http in
            let client = ServiceNowClient(credentials: try Self.credentials(fake), transport: http)
            var seen: [String: String] = [:]
            var duplicates = 0
            var offset: Int? = 0
            while let current = offset {
                let page = try await client.fetchPage(table: "incident", window: window, offset: current, limit: 25)
                for record in page.records {
                    let id = record["sys_id"]?.stringValue ?? ""
                    let updated = record["sys_updated_on"]?.stringValue ?? ""
                    if let earlier = seen[id] {
                        duplicates += 1
                        #expect(updated > earlier)
                    }
                    seen[id] = updated
                }
                offset = page.next
            }
            #expect(seen.count == 100)
            #expect(duplicates == 9)
        }
    }
}
