import BackfillTesting
import FREDConnector
import HTTP
import JSON
import Testing
import Timekeeping

@Suite("FREDClient's requests and error mapping")
struct FREDClientErrorTests {
    static let key = "abcdef0123456789abcdef0123456789"

    static func client(_ steps: [ScriptedTransport.Step]) -> (FREDClient, ScriptedTransport) {
        let transport = ScriptedTransport(steps)
        return (FREDClient(baseURL: "https://fred.example", transport: transport), transport)
    }

    static func json(_ status: Int, _ body: JSONValue, headers: HTTPHeaders = [:]) -> ScriptedTransport.Step {
        .respond(HTTPResponse(status: status, headers: headers, body: body.serializedBytes()))
    }

    static func fetch(_ client: FREDClient) async throws(FREDError) -> FREDSeries {
        try await client.observations(
            series: "DFF", apiKey: key, start: CivilDate(year: 2024, month: 1, day: 1),
            end: CivilDate(year: 2024, month: 1, day: 2))
    }

    @Test("one GET carries the series, key, JSON file type, window and limit")
    func requestShape() async throws {
        let (client, transport) = Self.client([
            Self.json(
                200,
                ["count": 1, "offset": 0, "limit": 100_000, "observations": [["date": "2024-01-01", "value": "5.33"]]])
        ])
        let series = try await Self.fetch(client)
        #expect(series.observations == [FREDObservation(date: CivilDate(year: 2024, month: 1, day: 1), value: 5.33)])
        let request = try #require(transport.requests.first)
        #expect(transport.requests.count == 1)
        #expect(request.method == "GET")
        #expect(
            request.url == "https://fred.example/fred/series/observations?series_id=DFF&api_key=\(Self.key)"
                + "&file_type=json&observation_start=2024-01-01&observation_end=2024-01-02&limit=100000")
    }

    @Test(
        "statuses map to codes",
        arguments: [
            (429, "Too Many Requests.  Exceeded Rate Limit", "rate_limited"),
            (400, "Bad Request.  The value for variable api_key is not registered.", "rejected_key"),
            (400, "Bad Request.  The series does not exist.", "bad_request"),
            (500, "Internal Server Error", "server"),
            (503, "Service Unavailable", "server"),
        ])
    func statuses(status: Int, message: String, code: String) async throws {
        let (client, _) = Self.client([
            Self.json(status, ["error_code": .int(Int64(status)), "error_message": .string(message)])
        ])
        let error = await #expect(throws: FREDError.self) { try await Self.fetch(client) }
        #expect(error?.codeName == code)
        #expect(error?.message == message)
        #expect(error?.status == status)
        #expect(error?.isRetryable == (status == 429 || status >= 500))
    }

    @Test("a 429 with Retry-After carries the wait")
    func retryAfter() async throws {
        let (client, _) = Self.client([
            Self.json(429, ["error_code": 429, "error_message": "Too Many Requests."], headers: ["Retry-After": "17"])
        ])
        let error = await #expect(throws: FREDError.self) { try await Self.fetch(client) }
        #expect(error?.code == .rateLimited(retryAfter: .seconds(17)))
    }

    @Test("a body that is not FRED's JSON is malformed, with a short sample and no key")
    func malformed() async throws {
        let html = "<html><body>" + String(repeating: "maintenance ", count: 40) + "</body></html>"
        let (client, _) = Self.client([.respond(HTTPResponse(status: 200, body: Array(html.utf8)))])
        let error = await #expect(throws: FREDError.self) { try await Self.fetch(client) }
        #expect(error?.code == .malformed)
        #expect(error?.message.contains("<html><body>maintenance") == true)
        #expect((error?.message.count ?? 1000) < 200)
        #expect(error?.description.contains(Self.key) == false)
    }

    @Test("a value that is neither a number nor \".\" is malformed")
    func badValue() async throws {
        let (client, _) = Self.client([
            Self.json(200, ["count": 1, "observations": [["date": "2024-01-01", "value": "n/a"]]])
        ])
        let error = await #expect(throws: FREDError.self) { try await Self.fetch(client) }
        #expect(error?.code == .malformed)
        #expect(error?.message.contains("2024-01-01") == true)
    }

    @Test("a transport failure is a transport error")
    func transportFailure() async throws {
        let (client, _) = Self.client([.fail(HTTPError(.connectFailed, "connection refused"))])
        let error = await #expect(throws: FREDError.self) { try await Self.fetch(client) }
        #expect(error?.code == .transport)
        #expect(error?.isRetryable == true)
    }

    @Test("an error message echoing the key is scrubbed")
    func scrubbed() async throws {
        let (client, _) = Self.client([
            Self.json(400, ["error_code": 400, "error_message": .string("Bad api_key \(Self.key)")])
        ])
        let error = await #expect(throws: FREDError.self) { try await Self.fetch(client) }
        #expect(error?.code == .rejectedKey)
        #expect(error?.message == "Bad api_key [redacted]")
    }

    @Test("api_key values are redacted in URLs, other parameters kept")
    func redaction() {
        #expect(
            FREDError.redacting(url: "https://x/fred?series_id=DFF&api_key=secret123&file_type=json")
                == "https://x/fred?series_id=DFF&api_key=REDACTED&file_type=json")
        #expect(FREDError.redacting(url: "https://x/fred?api_key=secret") == "https://x/fred?api_key=REDACTED")
        #expect(FREDError.redacting(url: "https://x/fred?my_api_key=a") == "https://x/fred?my_api_key=a")
    }
}
