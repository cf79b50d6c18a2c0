import BackfillTesting
import HTTP
import JSON
import ServiceNowConnector
import SourceConnector
import Testing
import Timekeeping

@Suite("ServiceNow client: encoded query, offsets, headers read")
struct ServiceNowClientTests {
    static let basicSecret: JSONValue = [
        "instance_url": "https://acme.service-now.test", "username": "svc-backfill", "password": "pw-SECRET-9",
    ]
    static let window = SourceWindow(
        start: CivilDate(year: 2024, month: 3, day: 1).startTimestamp,
        end: CivilDate(year: 2024, month: 3, day: 15).startTimestamp + .seconds(3_723))

    static func client(_ transport: ScriptedTransport, secret: JSONValue = basicSecret) throws -> ServiceNowClient {
        ServiceNowClient(
            credentials: try ServiceNowCredentials(secretName: "tenants/acme/servicenow", json: secret),
            transport: transport)
    }

    static func page(_ count: Int, headers: [(String, String)] = []) -> ScriptedTransport.Step {
        let records = JSONValue.array((0..<count).map { ["sys_id": .string("id\($0)")] })
        return .respond(
            HTTPResponse(
                status: 200, headers: HTTPHeaders(headers),
                body: JSONValue.object(["result": records]).serializedBytes()))
    }

    @Test("the GET carries the encoded query, limit, offset, no reference links and Basic auth")
    func requestShape() async throws {
        let transport = ScriptedTransport([Self.page(0)])
        _ = try await Self.client(transport).fetchPage(table: "incident", window: Self.window, offset: 2000, limit: 500)
        let request = try #require(transport.requests.first)
        #expect(transport.requests.count == 1)
        #expect(request.url.hasPrefix("https://acme.service-now.test/api/now/table/incident?"))
        #expect(
            QueryString.value("sysparm_query", inURL: request.url)
                == "sys_updated_on>=2024-03-01 00:00:00^sys_updated_on<2024-03-15 01:02:03^ORDERBYsys_id")
        #expect(QueryString.value("sysparm_limit", inURL: request.url) == "500")
        #expect(QueryString.value("sysparm_offset", inURL: request.url) == "2000")
        #expect(QueryString.value("sysparm_exclude_reference_link", inURL: request.url) == "true")
        #expect(request.headers["authorization"] == "Basic " + Base64.encode(Array("svc-backfill:pw-SECRET-9".utf8)))
    }

    @Test("a token secret authenticates with a bearer token")
    func bearer() async throws {
        let transport = ScriptedTransport([Self.page(0)])
        let secret: JSONValue = ["instance_url": "https://acme.service-now.test", "token": "tok-SECRET"]
        _ = try await Self.client(transport, secret: secret).fetchPage(table: "problem", window: Self.window)
        #expect(transport.requests.first?.headers["authorization"] == "Bearer tok-SECRET")
        let credentials = try ServiceNowCredentials(secretName: "s", json: secret)
        #expect(!"\(credentials)".contains("tok-SECRET"))
    }

    @Test("the next offset follows Link, then X-Total-Count, then a full page; rate-limit headers are read")
    func paging() async throws {
        let transport = ScriptedTransport([
            Self.page(
                3,
                headers: [
                    (
                        "Link",
                        "<https://acme.service-now.test/api/now/table/incident?sysparm_offset=3&sysparm_limit=3>;rel=\"next\""
                    ),
                    ("X-Total-Count", "7"), ("X-RateLimit-Limit", "100"), ("X-RateLimit-Remaining", "42"),
                    ("X-RateLimit-Reset", "1709251200"),
                ]),
            Self.page(3, headers: [("X-Total-Count", "7")]),
            Self.page(1, headers: [("X-Total-Count", "7")]),
            Self.page(3),
            Self.page(2),
        ])
        let client = try Self.client(transport)
        let first = try await client.fetchPage(table: "incident", window: Self.window, offset: 0, limit: 3)
        #expect(first.next == 3)
        #expect(first.totalCount == 7)
        #expect(first.rateLimit == SourceRateLimit(limit: 100, remaining: 42, resetEpochSeconds: 1_709_251_200))
        #expect(try await client.fetchPage(table: "incident", window: Self.window, offset: 3, limit: 3).next == 6)
        #expect(try await client.fetchPage(table: "incident", window: Self.window, offset: 6, limit: 3).next == nil)
        #expect(try await client.fetchPage(table: "incident", window: Self.window, offset: 0, limit: 3).next == 3)
        #expect(try await client.fetchPage(table: "incident", window: Self.window, offset: 3, limit: 3).next == nil)
    }

    @Test("a 429 with Retry-After is throttled; a 401 names the secret; a body without result is malformed")
    func errors() async throws {
        let transport = ScriptedTransport([
            .respond(HTTPResponse(status: 429, headers: ["Retry-After": "30"])),
            .respond(
                HTTPResponse(status: 401, body: Array("{\"error\":{\"message\":\"User Not Authenticated\"}}".utf8))),
            .respond(HTTPResponse(status: 200, body: Array("{\"records\":[]}".utf8))),
        ])
        let client = try Self.client(transport)
        let throttled = await #expect(throws: SourceError.self) {
            _ = try await client.fetchPage(table: "incident", window: Self.window)
        }
        #expect(throttled?.code == .throttled(retryAfter: .seconds(30)))
        let unauthorized = await #expect(throws: SourceError.self) {
            _ = try await client.fetchPage(table: "incident", window: Self.window)
        }
        #expect(unauthorized?.code == .unauthorized)
        #expect(unauthorized?.message.contains("check the credentials in secret tenants/acme/servicenow") == true)
        #expect(unauthorized?.description.contains("pw-SECRET-9") == false)
        let malformed = await #expect(throws: SourceError.self) {
            _ = try await client.fetchPage(table: "incident", window: Self.window)
        }
        #expect(malformed?.code == .malformed)
    }

    @Test("a secret without a password or instance names the field and no value")
    func badSecret() {
        for field in ["instance_url", "password", "username"] {
            guard case .object(var object) = Self.basicSecret else { return }
            object[field] = nil
            let error = #expect(throws: SourceError.self) {
                _ = try ServiceNowCredentials(secretName: "tenants/t9/sn", json: .object(object))
            }
            #expect(error?.code == .invalidSecret)
            #expect(error?.description.contains(field) == true && error?.description.contains("tenants/t9/sn") == true)
            #expect(error?.description.contains("pw-SECRET-9") == false)
        }
    }
}
