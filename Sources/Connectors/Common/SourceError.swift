public import HTTP

/// The one error of the source connectors (ConnectWise, ServiceNow): a coarse code for retry decisions, the
/// service and table it concerns, the HTTP status when there was one, and a message that never holds a secret.
public struct SourceError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, coarsely enough for the caller to decide between waiting, retrying and failing.
    public enum Code: Sendable, Equatable {
        /// 429: wait for `retryAfter` (from `Retry-After`, when the source sent one) and try again.
        case throttled(retryAfter: Duration?)
        /// 401 or 403: retrying will not help; the message names the secret to check.
        case unauthorized
        /// 5xx, a time-out or a dropped connection: a retry may succeed.
        case transient
        /// Another 4xx: the request itself is wrong (an unknown table, a bad query).
        case badRequest
        /// The answer could not be understood (not JSON, not a list of records).
        case malformed
        /// The credentials secret lacks a field or is not a JSON object.
        case invalidSecret
    }

    public var code: Code
    /// `connectwise` or `servicenow`.
    public var service: String
    public var message: String
    /// The HTTP status, when the source answered.
    public var status: Int?
    /// The error underneath (a transport failure), if any.
    public var underlying: (any Error)?

    public init(_ code: Code, service: String, _ message: String, status: Int? = nil, underlying: (any Error)? = nil) {
        self.code = code
        self.service = service
        self.message = message
        self.status = status
        self.underlying = underlying
    }

    /// Whether the same request may succeed later (throttled or transient).
    public var isRetryable: Bool {
        switch code {
        case .throttled, .transient: true
        case .unauthorized, .badRequest, .malformed, .invalidSecret: false
        }
    }

    public var description: String {
        var text = "\(service): \(message)"
        if let status { text += " (HTTP \(status))" }
        return text
    }

    /// The error for a non-2xx answer, or nil for a 2xx one. The message quotes at most 200 characters of the
    /// body, which sources fill with their own error text, never with the request's credentials.
    public static func check(
        _ response: HTTPResponse, service: String, secretName: String, what: String
    ) -> SourceError? {
        let status = response.status
        guard !(200..<300).contains(status) else { return nil }
        let detail = String(response.bodyText.prefix(200))
        switch status {
        case 429:
            return SourceError(
                .throttled(retryAfter: retryAfter(response.headers)), service: service,
                "throttled while reading \(what)", status: status)
        case 401, 403:
            return SourceError(
                .unauthorized, service: service,
                "not authorized to read \(what): check the credentials in secret \(secretName)", status: status)
        case 500..<600:
            return SourceError(.transient, service: service, "server error reading \(what): \(detail)", status: status)
        default:
            return SourceError(.badRequest, service: service, "request for \(what) refused: \(detail)", status: status)
        }
    }

    /// The error for a transport failure: transient when the HTTP layer says a retry may succeed.
    public static func transport(_ error: any Error, service: String, what: String) -> SourceError {
        let transient = (error as? HTTPError)?.isTransient ?? false
        return SourceError(
            transient ? .transient : .badRequest, service: service, "request for \(what) failed: \(error)",
            underlying: error)
    }

    /// `Retry-After` in delta-seconds (`120`, also `1.5`); nil when absent or an HTTP date.
    public static func retryAfter(_ headers: HTTPHeaders) -> Duration? {
        guard let text = headers["retry-after"]?.trimmingSpaces, let seconds = Double(text), seconds >= 0,
            seconds.isFinite
        else { return nil }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }
}

extension String {
    /// The text without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }),
            let last = scalars.lastIndex(where: { $0 != " " && $0 != "\t" })
        else { return "" }
        return String(scalars[first...last])
    }
}
