/// The one error shape of the FRED connector: what went wrong (`code`), a message safe to log, and context.
///
/// No API key ever appears here: URLs are stored with `api_key` redacted, and FRED's own messages are scrubbed
/// of the key that was sent.
public struct FREDError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is, coarsely enough for key rotation and retry decisions.
    public enum Code: Sendable, Hashable {
        /// HTTP 429: the key exceeded its quota; `retryAfter` is the server's `Retry-After` when it sent one.
        case rateLimited(retryAfter: Duration?)
        /// HTTP 400 naming `api_key`: the key is unknown, revoked or malformed; take it out of the ring.
        case rejectedKey
        /// Any other HTTP 400 (unknown series, bad dates, bad limit), with FRED's `error_message`.
        case badRequest
        /// HTTP 5xx (or another unexpected status): FRED is in trouble; a later retry may succeed.
        case server
        /// No answer: connection refused, reset or timed out.
        case transport
        /// An answer that is not the JSON FRED sends; `message` holds a short sample.
        case malformed
        /// A key list (secret or comma-separated value) that is empty or cannot be read.
        case invalidKeys
    }

    /// What kind of failure this is.
    public var code: Code
    /// A human-readable message; never contains a key.
    public var message: String
    /// The HTTP status, when there was an answer.
    public var status: Int?
    /// The series asked for, when known.
    public var series: String?
    /// The request URL with `api_key` redacted, when there was a request.
    public var url: String?

    /// Creates an error; `url` is redacted here, so callers may pass the URL as sent.
    public init(_ code: Code, _ message: String, status: Int? = nil, series: String? = nil, url: String? = nil) {
        self.code = code
        self.message = message
        self.status = status
        self.series = series
        self.url = url.map(FREDError.redacting(url:))
    }

    /// Whether the same request may succeed later with the same key (rate limit, server trouble, network).
    public var isRetryable: Bool {
        switch code {
        case .rateLimited, .server, .transport: true
        case .rejectedKey, .badRequest, .malformed, .invalidKeys: false
        }
    }

    /// A short name of the code (`rate_limited`, `rejected_key`, …) for logs and results.
    public var codeName: String {
        switch code {
        case .rateLimited: "rate_limited"
        case .rejectedKey: "rejected_key"
        case .badRequest: "bad_request"
        case .server: "server"
        case .transport: "transport"
        case .malformed: "malformed"
        case .invalidKeys: "invalid_keys"
        }
    }

    /// `code: message (status=…, series=…, url=…)`.
    public var description: String {
        var fields: [String] = []
        if let status { fields.append("status=\(status)") }
        if let series { fields.append("series=\(series)") }
        if let url { fields.append("url=\(url)") }
        return fields.isEmpty
            ? "\(codeName): \(message)" : "\(codeName): \(message) (\(fields.joined(separator: ", ")))"
    }

    /// `url` with the value of every `api_key` query parameter replaced by `REDACTED`.
    public static func redacting(url: String) -> String {
        var output = ""
        var rest = Substring(url)
        while let range = rest.firstRange(of: "api_key=") {
            let boundary = range.lowerBound == rest.startIndex ? nil : rest[rest.index(before: range.lowerBound)]
            output += rest[..<range.upperBound]
            rest = rest[range.upperBound...]
            guard boundary == nil || boundary == "?" || boundary == "&" else { continue }
            let end = rest.firstIndex { $0 == "&" || $0 == "#" } ?? rest.endIndex
            output += "REDACTED"
            rest = rest[end...]
        }
        return output + rest
    }

    /// `text` with every occurrence of `secret` replaced (for messages that might echo a key back).
    static func scrub(_ text: String, removing secret: String) -> String {
        guard !secret.isEmpty else { return text }
        return text.replacing(secret, with: "[redacted]")
    }
}
