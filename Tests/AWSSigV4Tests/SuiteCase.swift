import AWSSigV4
import Foundation

/// One case of the AWS SigV4 test suite (`Vectors/<name>/`), parsed.
struct SuiteCase: Sendable, CustomStringConvertible {
    struct Context: Decodable {
        struct Credentials: Decodable {
            var access_key_id: String
            var secret_access_key: String
            var token: String?
        }
        var credentials: Credentials
        var expiration_in_seconds: Int
        var normalize: Bool
        var region: String
        var service: String
        var sign_body: Bool
        var timestamp: String
        var omit_session_token: Bool?
    }

    let name: String
    let directory: URL

    var description: String { name }

    /// Every case folder under `Vectors`, sorted by name.
    static func all() throws -> [SuiteCase] {
        let root = try vectorsDirectory()
        let names = try FileManager.default.contentsOfDirectory(atPath: root.path)
            .filter { !$0.hasSuffix(".md") }
            .sorted()
        return names.map { SuiteCase(name: $0, directory: root.appendingPathComponent($0)) }
    }

    static func vectorsDirectory() throws -> URL {
        guard let url = Bundle.module.url(forResource: "Vectors", withExtension: nil) else {
            throw SuiteError("Vectors resource folder missing from the test bundle")
        }
        return url
    }

    func file(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    func context() throws -> Context {
        try JSONDecoder().decode(Context.self, from: Data(contentsOf: directory.appendingPathComponent("context.json")))
    }

    /// The signer, credentials, date and request the case describes.
    func inputs() throws -> (SigV4Signer, AWSCredentials, SigV4Date, SigV4Request, expires: Int) {
        let context = try context()
        let signer = SigV4Signer(
            service: context.service,
            region: context.region,
            pathRules: context.normalize ? .standard : .unnormalized,
            addContentSHA256Header: context.sign_body ? true : nil,
            signsSessionToken: !(context.omit_session_token ?? false)
        )
        let credentials = AWSCredentials(
            accessKeyID: context.credentials.access_key_id,
            secretAccessKey: context.credentials.secret_access_key,
            sessionToken: context.credentials.token
        )
        let compact = context.timestamp.replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
        guard let date = SigV4Date(amzDate: compact) else { throw SuiteError("bad timestamp \(context.timestamp)") }
        let raw = try RawHTTPRequest(parsing: file("request.txt"))
        guard let host = raw.headers.first(where: { $0.name.lowercased() == "host" })?.value else {
            throw SuiteError("request.txt of \(name) has no Host header")
        }
        let request = SigV4Request(
            method: raw.method,
            url: "https://\(host)\(raw.target)",
            headers: raw.headers,
            payload: .bytes(Array(raw.body.utf8))
        )
        return (signer, credentials, date, request, context.expiration_in_seconds)
    }
}

/// A failure reading the suite's files.
struct SuiteError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// An HTTP/1.1 request in the suite's text form: request line, headers (continuation lines folded into the
/// previous value with their line break), blank line, body.
struct RawHTTPRequest {
    var method: String
    var target: String
    var headers: [(name: String, value: String)]
    var body: String

    init(parsing text: String) throws {
        var lines = text.components(separatedBy: "\n")
        let requestLine = lines.removeFirst()
        guard let firstSpace = requestLine.firstIndex(of: " "), let version = requestLine.range(of: " HTTP/1.1")
        else { throw SuiteError("bad request line: \(requestLine)") }
        method = String(requestLine[..<firstSpace])
        target = String(requestLine[requestLine.index(after: firstSpace)..<version.lowerBound])
        headers = []
        body = ""
        while !lines.isEmpty {
            let line = lines.removeFirst()
            if line.isEmpty {
                body = lines.joined(separator: "\n")
                break
            }
            if line.first == " " || line.first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += "\n" + line
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { throw SuiteError("bad header line: \(line)") }
            headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
        }
    }
}
