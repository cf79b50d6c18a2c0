import BackfillTesting
import HTTP
import JSON
import Timekeeping

extension FREDFake {
    static let keyHelp = "Read https://fred.stlouisfed.org/docs/api/api_key.html for more information."

    /// Checks the key and its per-minute window; nil admits the request (and counts it), otherwise FRED's answer.
    static func admit(_ key: String?, state: inout State, at now: Timestamp) -> LoopbackResponse? {
        guard let key, !key.isEmpty else {
            return error(400, "Bad Request.  Variable api_key is not set.  \(keyHelp)")
        }
        guard key.utf8.count == 32, key.utf8.allSatisfy({ (48...57).contains($0) || (97...122).contains($0) }) else {
            return error(
                400,
                "Bad Request.  The value for variable api_key is not a 32 character alpha-numeric lower-case string.  "
                    + keyHelp)
        }
        guard state.options.validKeys.contains(key) else {
            return error(400, "Bad Request.  The value for variable api_key is not registered.  \(keyHelp)")
        }
        guard let limit = state.options.requestsPerMinute else { return nil }
        let windowStart = now - .seconds(60)
        var window = state.windows[key, default: []].filter { $0 > windowStart }
        defer { state.windows[key] = window }
        guard window.count < max(1, limit) else {
            var headers: HTTPHeaders = [:]
            if state.options.sendsRetryAfter, let oldest = window.first {
                let wait = (oldest + .seconds(60)) - now
                headers.set("Retry-After", String(max(1, (wait.wholeMilliseconds + 999) / 1000)))
            }
            return error(429, "Too Many Requests.  Exceeded Rate Limit", headers: headers)
        }
        window.append(now)
        return nil
    }

    /// FRED's error answer: `{"error_code":…,"error_message":…}`.
    static func error(_ status: Int, _ message: String, headers: HTTPHeaders = [:]) -> LoopbackResponse {
        let body: JSONValue = ["error_code": .int(Int64(status)), "error_message": .string(message)]
        var headers = headers
        headers.set("Content-Type", "application/json; charset=UTF-8")
        return LoopbackResponse(status: status, headers: headers, body: body.serializedBytes())
    }

    /// The query's parameters, percent-decoded (`+` as a space); the first occurrence of a name wins.
    static func parseQuery(_ query: String) -> [String: String] {
        var result: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = percentDecoded(parts[0])
            if result[name] == nil { result[name] = parts.count > 1 ? percentDecoded(parts[1]) : "" }
        }
        return result
    }

    static func percentDecoded(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
