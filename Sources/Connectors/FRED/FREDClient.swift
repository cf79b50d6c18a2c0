public import HTTP
import JSON
public import Timekeeping

/// A client of FRED's `fred/series/observations` endpoint: one GET per answer page, values as numbers or nil.
///
/// It holds no key: every call is given one, so a caller's key ring decides which key pays for which call.
public struct FREDClient: Sendable {
    /// FRED's production address.
    public static let defaultBaseURL = "https://api.stlouisfed.org"
    /// The most observations FRED returns in one answer.
    public static let maximumLimit = 100_000

    /// The base URL without a trailing slash (`https://api.stlouisfed.org` or a local fake).
    public let baseURL: String
    private let transport: any HTTPTransport
    private let timeout: Duration

    /// A client of the FRED API at `baseURL` over `transport`, each call limited to `timeout`.
    public init(
        baseURL: String = FREDClient.defaultBaseURL, transport: any HTTPTransport, timeout: Duration = .seconds(30)
    ) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.transport = transport
        self.timeout = timeout
    }

    /// All observations of `series` between `start` and `end` (inclusive; nil leaves that side open).
    ///
    /// One GET with `limit=100000` answers any window of a daily series since 1776; when FRED's `count` exceeds
    /// what the answer held, the rest is fetched with `offset` in further calls (counted in ``FREDSeries/calls``).
    public func observations(
        series: String, apiKey: String, start: CivilDate?, end: CivilDate?
    ) async throws(FREDError) -> FREDSeries {
        var observations: [FREDObservation] = []
        var calls = 0
        while true {
            let page = try await self.page(
                series: series, apiKey: apiKey, start: start, end: end, offset: observations.count)
            calls += 1
            observations += page.observations
            if page.observations.isEmpty || observations.count >= page.count { break }
        }
        return FREDSeries(
            id: series, requestedStart: start, requestedEnd: end, observations: observations, calls: calls)
    }

    /// One call: the observations of `series` in the window from position `offset`, at most `limit` of them.
    public func page(
        series: String, apiKey: String, start: CivilDate?, end: CivilDate?, offset: Int = 0,
        limit: Int = FREDClient.maximumLimit
    ) async throws(FREDError) -> FREDObservationPage {
        let url = requestURL(series: series, apiKey: apiKey, start: start, end: end, offset: offset, limit: limit)
        let response: HTTPResponse
        do {
            response = try await transport.execute(
                HTTPRequest(method: "GET", url: url, headers: ["Accept": "application/json"], timeout: timeout))
        } catch {
            let detail = (error as? HTTPError)?.description ?? "the request failed"
            throw FREDError(
                .transport, FREDError.scrub(detail, removing: apiKey), series: series, url: url)
        }
        guard response.status == 200 else {
            throw FREDResponseDecoder.error(for: response, series: series, apiKey: apiKey, url: url)
        }
        return try FREDResponseDecoder.page(from: response.body, series: series, url: url)
    }

    /// The request URL as sent (it contains the key: never log it; ``FREDError`` stores it redacted).
    func requestURL(
        series: String, apiKey: String, start: CivilDate?, end: CivilDate?, offset: Int, limit: Int
    ) -> String {
        var query: [(String, String)] = [
            ("series_id", series), ("api_key", apiKey), ("file_type", "json"),
        ]
        if let start { query.append(("observation_start", start.iso8601)) }
        if let end { query.append(("observation_end", end.iso8601)) }
        query.append(("limit", String(limit)))
        if offset > 0 { query.append(("offset", String(offset))) }
        let text = query.map { "\($0.0)=\(Self.percentEncoded($0.1))" }.joined(separator: "&")
        return baseURL + "/fred/series/observations?" + text
    }

    /// RFC 3986 encoding of a query value: unreserved characters stay, every other byte becomes `%XX`.
    static func percentEncoded(_ value: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                bytes.append(byte)
            default:
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
