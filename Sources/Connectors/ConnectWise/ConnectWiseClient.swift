public import HTTP
import JSON
public import SourceConnector
import Timekeeping

/// Reads records from the ConnectWise Manage REST API (`{api_url}/v4_6_release/apis/3.0/{table}`), one page
/// per call, filtered to records updated within a window. It never retries or waits: the caller's rate-limited
/// caller decides what to do with a `SourceError` (throttled, transient, …).
public struct ConnectWiseClient: Sendable {
    /// The page size the API allows at most, and what a backfill asks for.
    public static let defaultPageSize = 1000
    /// The update-time field most tables filter on; some use `_info/lastUpdated`.
    public static let defaultConditionsField = "lastUpdated"

    public let credentials: ConnectWiseCredentials
    private let transport: any HTTPTransport
    private let timeout: Duration

    public init(credentials: ConnectWiseCredentials, transport: any HTTPTransport, timeout: Duration = .seconds(60)) {
        self.credentials = credentials
        self.transport = transport
        self.timeout = timeout
    }

    /// Fetches page `page` (1-based) of `table` (`service/tickets`) for records whose `conditionsField` lies in
    /// `[window.start, window.end)`, ordered by id, with exactly one GET. The result's `next` is the following
    /// page number, from the `Link` header's `rel="next"`, else `page + 1` when the page was full, else nil.
    public func fetchPage(
        table: String, window: SourceWindow, page: Int = 1, conditionsField: String = defaultConditionsField,
        pageSize: Int = defaultPageSize
    ) async throws(SourceError) -> SourcePage {
        let request = makeRequest(
            table: table, window: window, page: page, conditionsField: conditionsField, pageSize: pageSize)
        let what = "\(table) page \(page)"
        let response = try await send(request, what: what)
        let records: [JSONValue]
        do {
            guard case .array(let list) = try JSONParser.parse(response.body) else {
                throw SourceError(.malformed, service: "connectwise", "\(what): the answer is not a JSON array")
            }
            records = list
        } catch let error as SourceError {
            throw error
        } catch {
            throw SourceError(.malformed, service: "connectwise", "\(what): the answer is not JSON: \(error)")
        }
        return SourcePage(
            records: records,
            next: nextPage(
                after: page, response: response, count: records.count,
                pageSize: pageSize))
    }

    /// Sends `request`; a transport failure or an error status becomes the `SourceError` naming `what`.
    private func send(_ request: HTTPRequest, what: String) async throws(SourceError) -> HTTPResponse {
        let response: HTTPResponse
        do {
            response = try await transport.execute(request)
        } catch {
            throw SourceError.transport(error, service: "connectwise", what: what)
        }
        if let error = SourceError.check(
            response, service: "connectwise", secretName: credentials.secretName, what: what)
        {
            throw error
        }
        return response
    }

    /// The number of `table`'s records whose `conditionsField` lies in `[window.start, window.end)`, from
    /// `{table}/count?conditions=…` (answer `{"count": N}`), with exactly one GET.
    public func count(
        table: String, window: SourceWindow, conditionsField: String = defaultConditionsField
    ) async throws(SourceError) -> Int {
        var request = makeRequest(table: table, window: window, page: 1, conditionsField: conditionsField)
        let conditions = QueryString.value("conditions", inURL: request.url) ?? ""
        let base = request.url.prefix { $0 != "?" }
        request.url = base + "/count?" + QueryString.encode([("conditions", conditions)])
        let what = "\(table) count"
        let response = try await send(request, what: what)
        guard let answer = try? JSONParser.parse(response.body), let count = answer["count"]?.intValue else {
            throw SourceError(.malformed, service: "connectwise", "\(what): the answer has no count")
        }
        return Int(count)
    }

    /// The GET `fetchPage` sends (exposed for dry runs and tests).
    public func makeRequest(
        table: String, window: SourceWindow, page: Int, conditionsField: String = defaultConditionsField,
        pageSize: Int = defaultPageSize
    ) -> HTTPRequest {
        let conditions =
            "\(conditionsField) >= [\(SourceWindow.isoSeconds(window.start))] and "
            + "\(conditionsField) < [\(SourceWindow.isoSeconds(window.end))]"
        let query = QueryString.encode([
            ("conditions", conditions), ("pageSize", String(pageSize)), ("orderBy", "id asc"),
            ("page", String(page)),
        ])
        let path = table.split(separator: "/").map { QueryString.percentEncode(String($0)) }.joined(separator: "/")
        var headers = HTTPHeaders()
        headers.add(
            "Authorization",
            BasicAuthorization.header(user: credentials.basicUser, password: credentials.privateKey))
        headers.add("clientId", credentials.clientID)
        headers.add("Accept", "application/json")
        return HTTPRequest(
            method: "GET", url: credentials.restBase + "/" + path + "?" + query, headers: headers, timeout: timeout)
    }

    private func nextPage(after page: Int, response: HTTPResponse, count: Int, pageSize: Int) -> Int? {
        if let link = LinkHeader.url(rel: "next", in: response.headers) {
            if let text = QueryString.value("page", inURL: link), let next = Int(text), next > page { return next }
            return page + 1
        }
        if LinkHeader.url(rel: "last", in: response.headers) != nil { return nil }
        return count >= pageSize && count > 0 ? page + 1 : nil
    }
}
