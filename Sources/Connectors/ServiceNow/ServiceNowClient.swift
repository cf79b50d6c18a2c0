public import HTTP
import JSON
public import SourceConnector
import Timekeeping

/// Reads records from the ServiceNow Table API (`{instance_url}/api/now/table/{table}`), one page per call,
/// filtered to records whose `sys_updated_on` lies within a window and ordered by `sys_id`, so offsets are
/// stable. It never retries or waits: the caller's rate-limited caller decides what to do with a `SourceError`.
///
/// ServiceNow compares date-times in the query in the integration user's time zone and stores them in UTC:
/// give the integration user the UTC time zone so the windows line up with the chunks.
public struct ServiceNowClient: Sendable {
    /// Records per page unless configured otherwise.
    public static let defaultLimit = 1000
    /// The update-time field every table has.
    public static let updatedField = "sys_updated_on"

    public let credentials: ServiceNowCredentials
    private let transport: any HTTPTransport
    private let timeout: Duration

    public init(credentials: ServiceNowCredentials, transport: any HTTPTransport, timeout: Duration = .seconds(60)) {
        self.credentials = credentials
        self.transport = transport
        self.timeout = timeout
    }

    /// The encoded query for `window`: `sys_updated_on>=… ^sys_updated_on<… ^ORDERBYsys_id`.
    public static func encodedQuery(window: SourceWindow, field: String = updatedField) -> String {
        "\(field)>=\(SourceWindow.spaceSeparated(window.start))^\(field)<\(SourceWindow.spaceSeparated(window.end))"
            + "^ORDERBYsys_id"
    }

    /// Fetches the records of `table` updated within `window`, starting at `offset`, at most `limit` of them,
    /// with exactly one GET. `next` is the following offset: from the `Link` header's `rel="next"`, else from
    /// `X-Total-Count`, else `offset + limit` when the page was full; nil after the last page.
    public func fetchPage(
        table: String, window: SourceWindow, offset: Int = 0, limit: Int = defaultLimit,
        field: String = updatedField
    ) async throws(SourceError) -> SourcePage {
        let request = makeRequest(table: table, window: window, offset: offset, limit: limit, field: field)
        let what = "\(table) at offset \(offset)"
        let response: HTTPResponse
        do {
            response = try await transport.execute(request)
        } catch {
            throw SourceError.transport(error, service: "servicenow", what: what)
        }
        if let error = SourceError.check(
            response, service: "servicenow", secretName: credentials.secretName, what: what)
        {
            throw error
        }
        let parsed: JSONValue
        do {
            parsed = try JSONParser.parse(response.body)
        } catch {
            throw SourceError(.malformed, service: "servicenow", "\(what): the answer is not JSON: \(error)")
        }
        guard case .array(let records) = parsed["result"] else {
            throw SourceError(.malformed, service: "servicenow", "\(what): the answer has no result list")
        }
        let total = response.headers["x-total-count"].flatMap { Int($0.filter { $0 != " " }) }
        return SourcePage(
            records: records,
            next: nextOffset(after: offset, count: records.count, limit: limit, total: total, response: response),
            totalCount: total, rateLimit: Self.rateLimit(response.headers))
    }

    /// The GET `fetchPage` sends (exposed for dry runs and tests).
    public func makeRequest(
        table: String, window: SourceWindow, offset: Int, limit: Int = defaultLimit, field: String = updatedField
    ) -> HTTPRequest {
        let query = QueryString.encode([
            ("sysparm_query", Self.encodedQuery(window: window, field: field)), ("sysparm_limit", String(limit)),
            ("sysparm_offset", String(offset)), ("sysparm_exclude_reference_link", "true"),
        ])
        var headers = HTTPHeaders()
        headers.add("Authorization", credentials.authorizationHeader)
        headers.add("Accept", "application/json")
        return HTTPRequest(
            method: "GET", url: credentials.base + "/api/now/table/" + QueryString.percentEncode(table) + "?" + query,
            headers: headers, timeout: timeout)
    }

    private func nextOffset(after offset: Int, count: Int, limit: Int, total: Int?, response: HTTPResponse) -> Int? {
        if let link = LinkHeader.url(rel: "next", in: response.headers) {
            if let text = QueryString.value("sysparm_offset", inURL: link), let next = Int(text), next > offset {
                return next
            }
            return offset + max(count, 1)
        }
        if let total { return offset + count < total && count > 0 ? offset + count : nil }
        if LinkHeader.url(rel: "last", in: response.headers) != nil { return nil }
        return count >= limit && count > 0 ? offset + count : nil
    }

    /// `X-RateLimit-Limit`, `-Remaining` and `-Reset`, when any is present.
    static func rateLimit(_ headers: HTTPHeaders) -> SourceRateLimit? {
        func number(_ name: String) -> Int64? { headers[name].flatMap { Int64($0.filter { $0 != " " }) } }
        let limit = number("x-ratelimit-limit")
        let remaining = number("x-ratelimit-remaining")
        let reset = number("x-ratelimit-reset")
        guard limit != nil || remaining != nil || reset != nil else { return nil }
        return SourceRateLimit(
            limit: limit.map { Int($0) }, remaining: remaining.map { Int($0) }, resetEpochSeconds: reset)
    }
}
