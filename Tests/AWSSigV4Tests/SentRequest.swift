import AWSSigV4
import Foundation

/// What goes on the wire, compared by meaning: method, percent-decoded path and query pieces (in order), and
/// headers by lower-cased name with values trimmed, whitespace runs collapsed and repeats comma-joined.
struct SentRequest: Equatable, CustomStringConvertible {
    var method: String
    var path: String
    var query: [String]
    var headers: [String: String]

    init(method: String, target: String, headers: [(name: String, value: String)]) {
        self.method = method
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        path = parts[0].isEmpty ? "/" : SigV4URIEncoding.decode(String(parts[0]))  // an empty path is sent as `/`
        query = parts.count > 1 ? parts[1].split(separator: "&").map { SigV4URIEncoding.decode(String($0)) } : []
        var grouped: [String: String] = [:]
        for header in headers {
            let name = header.name.lowercased().trimmingWhitespace()
            let value = header.value.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            grouped[name] = grouped[name].map { $0 + "," + value } ?? value
        }
        self.headers = grouped
    }

    /// The request a suite file (`header-signed-request.txt`, `query-signed-request.txt`) describes.
    init(suiteText: String) throws {
        let raw = try RawHTTPRequest(parsing: suiteText)
        self.init(method: raw.method, target: raw.target, headers: raw.headers)
    }

    /// The request a signature says to send.
    init(method: String, signature: SigV4Signature) {
        var target = Substring(signature.url)
        if let scheme = target.range(of: "://") {
            target = target[scheme.upperBound...]
            target = target[(target.firstIndex { $0 == "/" || $0 == "?" } ?? target.endIndex)...]
        }
        self.init(method: method, target: String(target), headers: signature.headers)
    }

    var description: String { "\(method) \(path) \(query) \(headers.sorted { $0.key < $1.key })" }
}

extension String {
    func trimmingWhitespace() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
