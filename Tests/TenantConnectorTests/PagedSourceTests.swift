import ConnectWiseConnector
import ConnectWiseFake
import HTTP
import JSON
import ServiceNowConnector
import ServiceNowFake
import SourceConnector
import Testing
import Timekeeping

@Suite("Both connectors walk a table the same way through PagedSource")
struct PagedSourceTests {
    /// Follows `next` from the first cursor; returns the records and the cursors used.
    static func walk(_ source: any PagedSource, table: String, window: SourceWindow) async throws
        -> (records: [JSONValue], cursors: [Int])
    {
        var records: [JSONValue] = []
        var cursors: [Int] = []
        var cursor: Int? = source.firstCursor
        while let current = cursor, cursors.count < 500 {
            cursors.append(current)
            let page = try await source.fetchPage(table: table, window: window, cursor: current)
            records += page.records
            cursor = page.next
        }
        return (records, cursors)
    }

    @Test("ConnectWise pages are numbered from 1 and each table uses its conditions field")
    func connectWise() async throws {
        var options = ConnectWiseFake.Options()
        options.data = ConnectWiseFakeData(count: 400)
        let fake = try ConnectWiseFake(options: options)
        defer { fake.stop() }
        let window = SourceWindow(
            startDate: CivilDate(year: 2023, month: 2, day: 1), endDate: CivilDate(year: 2023, month: 5, day: 1))
        let expected = options.data.indices(from: window.start, to: window.end).count
        let credentials = try ConnectWiseCredentials(
            secretName: "s",
            json: [
                "api_url": .string(fake.endpoint), "company_id": "acme", "public_key": "fake-public",
                "private_key": "fake-private", "client_id": "fake-client",
            ])
        try await CurlHTTPClient.withClient { http in
            let source = ConnectWisePagedSource(
                client: ConnectWiseClient(credentials: credentials, transport: http),
                conditionsFields: ["time/entries": "_info/lastUpdated"], pageSize: 10)
            let (records, cursors) = try await Self.walk(source, table: "time/entries", window: window)
            #expect(records.count == expected)
            #expect(cursors == Array(1...((expected + 9) / 10)))
        }
        #expect(
            fake.requests.allSatisfy { $0.conditions?.hasPrefix("_info/lastUpdated >= [2023-02-01T00:00:00Z]") == true }
        )
    }

    @Test("ServiceNow cursors are offsets from 0")
    func serviceNow() async throws {
        var options = ServiceNowFake.Options()
        options.data = ServiceNowFakeData(count: 400)
        let fake = try ServiceNowFake(options: options)
        defer { fake.stop() }
        let window = SourceWindow(
            startDate: CivilDate(year: 2024, month: 2, day: 1), endDate: CivilDate(year: 2024, month: 5, day: 1))
        let expected = options.data.indices(from: window.start, to: window.end).count
        let credentials = try ServiceNowCredentials(
            secretName: "s",
            json: ["instance_url": .string(fake.endpoint), "username": "svc-backfill", "password": "fake-password"])
        try await CurlHTTPClient.withClient { http in
            let source = ServiceNowPagedSource(
                client: ServiceNowClient(credentials: credentials, transport: http), limit: 10)
            let (records, cursors) = try await Self.walk(source, table: "problem", window: window)
            #expect(records.count == expected)
            #expect(cursors == Array(stride(from: 0, to: expected, by: 10)))
        }
    }
}
