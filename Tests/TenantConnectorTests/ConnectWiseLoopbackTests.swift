import BackfillTesting
import ConnectWiseConnector
import ConnectWiseFake
import HTTP
import JSON
import SourceConnector
import Testing
import Timekeeping

@Suite("ConnectWise connector against its fake over loopback HTTP")
struct ConnectWiseLoopbackTests {
    static func credentials(_ fake: ConnectWiseFake, privateKey: String = "fake-private") throws
        -> ConnectWiseCredentials
    {
        try ConnectWiseCredentials(
            secretName: "tenants/t1/connectwise",
            json: [
                "api_url": .string(fake.endpoint), "company_id": "acme", "public_key": "fake-public",
                "private_key": .string(privateKey), "client_id": "fake-client",
            ])
    }

    /// Every record of `table` in `window`, following `next` until it is nil.
    static func fetchAll(
        _ client: ConnectWiseClient, table: String, window: SourceWindow, pageSize: Int, field: String = "lastUpdated"
    ) async throws -> (records: [JSONValue], pages: Int) {
        var records: [JSONValue] = []
        var page: Int? = 1
        var pages = 0
        while let current = page {
            let result = try await client.fetchPage(
                table: table, window: window, page: current, conditionsField: field, pageSize: pageSize)
            records += result.records
            pages += 1
            page = result.next
            if pages > 1000 { break }
        }
        return (records, pages)
    }

    @Test("all pages of a window come back exactly once, each record inside the window")
    func pagesAndConditions() async throws {
        var options = ConnectWiseFake.Options()
        options.data = ConnectWiseFakeData(count: 730)
        let fake = try ConnectWiseFake(options: options)
        defer { fake.stop() }
        let window = SourceWindow(
            startDate: CivilDate(year: 2023, month: 3, day: 1), endDate: CivilDate(year: 2023, month: 6, day: 1))
        let expected = options.data.indices(from: window.start, to: window.end)
        try #require(expected.count > 60)
        try await CurlHTTPClient.withClient { http in
            let client = ConnectWiseClient(credentials: try Self.credentials(fake), transport: http)
            let (records, pages) = try await Self.fetchAll(
                client, table: "service/tickets", window: window, pageSize: 25, field: "_info/lastUpdated")
            #expect(records.count == expected.count)
            #expect(pages == (expected.count + 24) / 25)
            let ids = records.compactMap { $0["id"]?.intValue }
            #expect(ids == expected.map { Int64($0 + 1) })
            let times = records.compactMap {
                $0["_info"]?["lastUpdated"]?.stringValue.flatMap(SourceWindow.parseSeconds)
            }
            #expect(times.count == records.count)
            #expect(times.allSatisfy { $0 >= window.start && $0 < window.end })
        }
        #expect(fake.requests.allSatisfy { $0.status == 200 && $0.table == "service/tickets" })
    }

    @Test("a wrong private key is unauthorized and the message names the secret, not the key")
    func unauthorized() async throws {
        let fake = try ConnectWiseFake()
        defer { fake.stop() }
        try await CurlHTTPClient.withClient { http in
            let client = ConnectWiseClient(
                credentials: try Self.credentials(fake, privateKey: "wrong-KEY"), transport: http)
            let error = await #expect(throws: SourceError.self) {
                _ = try await client.fetchPage(
                    table: "time/entries",
                    window: SourceWindow(start: .init(secondsSince1970: 0), end: .init(secondsSince1970: 1)))
            }
            #expect(error?.code == .unauthorized)
            #expect(error?.status == 401)
            #expect(error?.description.contains("tenants/t1/connectwise") == true)
            #expect(error?.description.contains("wrong-KEY") == false)
        }
    }

    @Test("past the per-minute limit the fake answers 429 with Retry-After, and the window reopens a minute later")
    func throttling() async throws {
        let clock = ManualTimeSource()
        var options = ConnectWiseFake.Options()
        options.requestsPerMinute = 3
        options.timeSource = clock
        let fake = try ConnectWiseFake(options: options)
        defer { fake.stop() }
        let window = SourceWindow(
            startDate: CivilDate(year: 2023, month: 1, day: 1), endDate: CivilDate(year: 2023, month: 2, day: 1))
        try await CurlHTTPClient.withClient { http in
            let client = ConnectWiseClient(credentials: try Self.credentials(fake), transport: http)
            for _ in 0..<3 {
                _ = try await client.fetchPage(table: "company/companies", window: window)
                clock.advance(by: .seconds(10))
            }
            let error = await #expect(throws: SourceError.self) {
                _ = try await client.fetchPage(table: "company/companies", window: window)
            }
            #expect(error?.code == .throttled(retryAfter: .seconds(30)))
            clock.advance(by: .seconds(30))
            _ = try await client.fetchPage(table: "company/companies", window: window)
        }
        #expect(fake.throttleCount == 1)
        #expect(fake.requests.map(\.status) == [200, 200, 200, 429, 200])
    }

    @Test("shifting pages repeat records with a newer lastUpdated; bad records come on demand")
    func shiftingAndBadRecords() async throws {
        var options = ConnectWiseFake.Options()
        options.data = ConnectWiseFakeData(count: 200)
        options.shiftingPages = 2
        options.missingIDEvery = 10
        options.badTimestampEvery = 15
        let fake = try ConnectWiseFake(options: options)
        defer { fake.stop() }
        let window = SourceWindow(start: options.data.origin, end: options.data.origin + options.data.span)
        try await CurlHTTPClient.withClient { http in
            let client = ConnectWiseClient(credentials: try Self.credentials(fake), transport: http)
            let (records, pages) = try await Self.fetchAll(client, table: "time/entries", window: window, pageSize: 50)
            #expect(pages == 4)
            #expect(records.count == 200 + 3 * 2)
            let withoutID = records.filter { $0["id"] == nil }.count
            #expect(withoutID >= 20)
            #expect(records.contains { $0["_info"]?["lastUpdated"] == "not-a-date" })
            let ids = records.compactMap { $0["id"]?.intValue }
            #expect(Set(ids).count < ids.count)
        }
    }
}

@Suite("ConnectWise fake refusals")
struct ConnectWiseFakeRefusalTests {
    @Test("a request with the wrong clientId is refused and the fake logs it")
    func clientIDRequired() async throws {
        let fake = try ConnectWiseFake()
        defer { fake.stop() }
        let credentials = try ConnectWiseCredentials(
            secretName: "tenants/t1/connectwise",
            json: [
                "api_url": .string(fake.endpoint), "company_id": "acme", "public_key": "fake-public",
                "private_key": "fake-private", "client_id": "someone-else",
            ])
        let window = SourceWindow(
            startDate: CivilDate(year: 2023, month: 1, day: 1), endDate: CivilDate(year: 2023, month: 2, day: 1))
        await CurlHTTPClient.withClient { http in
            let client = ConnectWiseClient(credentials: credentials, transport: http)
            let error = await #expect(throws: SourceError.self) {
                _ = try await client.fetchPage(table: "service/tickets", window: window)
            }
            #expect(error?.code == .badRequest)
            #expect(error?.message.contains("clientId") == true)
        }
        #expect(fake.requests.map(\.status) == [400])
    }

    @Test("an unknown table is a bad request and a condition on another field is refused")
    func unknownTableAndField() async throws {
        let fake = try ConnectWiseFake()
        defer { fake.stop() }
        let credentials = try ConnectWiseLoopbackTests.credentials(fake)
        let window = SourceWindow(
            startDate: CivilDate(year: 2023, month: 1, day: 1), endDate: CivilDate(year: 2023, month: 2, day: 1))
        await CurlHTTPClient.withClient { http in
            let client = ConnectWiseClient(credentials: credentials, transport: http)
            let unknown = await #expect(throws: SourceError.self) {
                _ = try await client.fetchPage(table: "sales/opportunities", window: window)
            }
            #expect(unknown?.code == .badRequest && unknown?.status == 404)
            let field = await #expect(throws: SourceError.self) {
                _ = try await client.fetchPage(table: "service/tickets", window: window, conditionsField: "dateEntered")
            }
            #expect(field?.code == .badRequest && field?.status == 400)
        }
    }
}
