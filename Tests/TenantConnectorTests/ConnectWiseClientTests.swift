import BackfillTesting
import ConnectWiseConnector
import HTTP
import JSON
import SourceConnector
import Testing
import Timekeeping

@Suite("ConnectWise client: one request per page, errors classified")
struct ConnectWiseClientTests {
    static let secret: JSONValue = [
        "api_url": "https://cw.example.test/", "company_id": "acme", "public_key": "pub-KEY-1",
        "private_key": "priv-SECRET-2", "client_id": "client-3",
    ]
    static let window = SourceWindow(
        startDate: CivilDate(year: 2024, month: 1, day: 1), endDate: CivilDate(year: 2024, month: 1, day: 31))

    static func client(_ transport: ScriptedTransport) throws -> ConnectWiseClient {
        let credentials = try ConnectWiseCredentials(secretName: "tenants/acme/connectwise", json: secret)
        return ConnectWiseClient(credentials: credentials, transport: transport)
    }

    static func records(_ ids: ClosedRange<Int>) -> String {
        JSONValue.array(ids.map { ["id": .int(Int64($0))] }).serialized()
    }

    @Test("the GET carries Basic auth, clientId, the bracketed conditions, page size, order and page")
    func requestShape() async throws {
        let transport = ScriptedTransport([.respond(HTTPResponse(status: 200, body: Array("[]".utf8)))])
        _ = try await Self.client(transport).fetchPage(
            table: "service/tickets", window: Self.window, page: 3, conditionsField: "_info/lastUpdated")
        let request = try #require(transport.requests.first)
        #expect(transport.requests.count == 1)
        #expect(request.method == "GET")
        #expect(request.url.hasPrefix("https://cw.example.test/v4_6_release/apis/3.0/service/tickets?"))
        #expect(
            QueryString.value("conditions", inURL: request.url)
                == "_info/lastUpdated >= [2024-01-01T00:00:00Z] and _info/lastUpdated < [2024-01-31T00:00:00Z]")
        #expect(QueryString.value("pageSize", inURL: request.url) == "1000")
        #expect(QueryString.value("orderBy", inURL: request.url) == "id asc")
        #expect(QueryString.value("page", inURL: request.url) == "3")
        #expect(request.url.contains("orderBy=id%20asc"))
        let expected = "Basic " + Base64.encode(Array("acme+pub-KEY-1:priv-SECRET-2".utf8))
        #expect(request.headers["authorization"] == expected)
        #expect(request.headers["clientid"] == "client-3")
    }

    @Test("the next page comes from the Link header, else from a full page, else there is none")
    func paging() async throws {
        let linked = HTTPResponse(
            status: 200,
            headers: [
                "Link":
                    "<https://cw.example.test/v4_6_release/apis/3.0/service/tickets?page=7&pageSize=2>; rel=\"next\", "
                    + "<https://cw.example.test/x?page=9>; rel=\"last\""
            ],
            body: Array(Self.records(1...2).utf8))
        let full = HTTPResponse(status: 200, body: Array(Self.records(3...4).utf8))
        let short = HTTPResponse(status: 200, body: Array(Self.records(5...5).utf8))
        let lastLinked = HTTPResponse(
            status: 200,
            headers: ["Link": "<https://cw.example.test/x?page=1>; rel=\"first\", <https://x?page=2>; rel=\"last\""],
            body: Array(Self.records(6...7).utf8))
        let transport = ScriptedTransport([.respond(linked), .respond(full), .respond(short), .respond(lastLinked)])
        let client = try Self.client(transport)
        let first = try await client.fetchPage(table: "service/tickets", window: Self.window, page: 6, pageSize: 2)
        #expect(first.next == 7)
        #expect(first.records.count == 2)
        let second = try await client.fetchPage(table: "service/tickets", window: Self.window, page: 7, pageSize: 2)
        #expect(second.next == 8)
        let third = try await client.fetchPage(table: "service/tickets", window: Self.window, page: 8, pageSize: 2)
        #expect(third.next == nil)
        let fourth = try await client.fetchPage(table: "service/tickets", window: Self.window, page: 2, pageSize: 2)
        #expect(fourth.next == nil)
    }

    @Test(
        "statuses map to codes; 401 names the secret; 429 carries Retry-After",
        arguments: [
            (429, "12", SourceError.Code.throttled(retryAfter: .seconds(12))),
            (429, nil, SourceError.Code.throttled(retryAfter: nil)),
            (401, nil, SourceError.Code.unauthorized), (403, nil, SourceError.Code.unauthorized),
            (503, nil, SourceError.Code.transient), (400, nil, SourceError.Code.badRequest),
            (200, nil, SourceError.Code.malformed),
        ] as [(Int, String?, SourceError.Code)])
    func errors(status: Int, retryAfter: String?, code: SourceError.Code) async throws {
        var headers = HTTPHeaders()
        if let retryAfter { headers.add("Retry-After", retryAfter) }
        let body = status == 200 ? "{\"not\":\"a list\"}" : "{\"code\":\"x\",\"message\":\"nope\"}"
        let transport = ScriptedTransport([
            .respond(HTTPResponse(status: status, headers: headers, body: Array(body.utf8)))
        ])
        let error = await #expect(throws: SourceError.self) {
            _ = try await Self.client(transport).fetchPage(table: "time/entries", window: Self.window)
        }
        #expect(error?.code == code)
        if code == .unauthorized {
            #expect(error?.message.contains("check the credentials in secret tenants/acme/connectwise") == true)
        }
        #expect(error?.description.contains("priv-SECRET-2") == false)
    }

    @Test("a transport time-out is transient")
    func timeout() async throws {
        let transport = ScriptedTransport([.fail(HTTPError(.timedOut, "operation timed out"))])
        let error = await #expect(throws: SourceError.self) {
            _ = try await Self.client(transport).fetchPage(table: "time/entries", window: Self.window)
        }
        #expect(error?.code == .transient)
        #expect(error?.isRetryable == true)
    }
}
