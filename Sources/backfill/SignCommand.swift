import AWSSigV4
import ArgumentParser

#if canImport(Glibc)
    import Glibc
#endif

/// `backfill sign`: signs one request with SigV4 and prints the canonical request, the string to sign and the
/// signed headers (or the presigned URL). Credentials come from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`
/// and `AWS_SESSION_TOKEN`; the secret is never printed.
struct SignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign a request with AWS Signature Version 4 and show how it was signed.",
        discussion: """
            Prints the canonical request, the string to sign, the signature and every header the request carries \
            (or the presigned URL with --presign). With --json: one object with canonicalRequest, stringToSign, \
            signature, headers (an object of header name to value, in the order sent) and url. Credentials come \
            from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN.
            """
    )

    @Option(help: "The service's signing name, e.g. s3, dynamodb, ce.")
    var service: String

    @Option(help: "The region to sign for, e.g. us-east-1.")
    var region: String

    @Option(help: "The HTTP method.")
    var method: String = "GET"

    @Option(name: .customLong("header"), help: "A header as 'Name: value'; repeat for more (or the same name).")
    var headers: [String] = []

    @Option(help: "The body: text, or @file to read a file (@- reads standard input).")
    var body: String?

    @Option(help: "Sign at this instant (YYYYMMDDTHHMMSSZ) instead of now.")
    var date: String?

    @Option(help: "Make a presigned URL valid for this many seconds (1...604800) instead of signed headers.")
    var presign: Int?

    @Flag(help: "Sign with UNSIGNED-PAYLOAD instead of the body's SHA-256.")
    var unsignedPayload = false

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @Argument(help: "The absolute URL to sign.")
    var url: String

    func validate() throws {
        do {
            try input(body: []).validate()
        } catch {
            throw ValidationError(error.message)
        }
    }

    func run() async throws {
        let bytes = try body.map(Self.read) ?? []
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        let signature: SigV4Signature
        do {
            signature = try input(body: bytes).sign(
                environment: Self.environment(), now: SigV4Date(secondsSince1970: spec.tv_sec)
            )
        } catch {
            var standardError = StandardError()
            print("error: \(error.message)", to: &standardError)
            throw ExitCode.failure
        }
        let output = SignCommandOutput(signature: signature, isPresigned: presign != nil)
        print(json ? output.json() : output.text())
    }

    private func input(body: [UInt8]) -> SignCommandInput {
        SignCommandInput(
            service: service, region: region, method: method, headers: headers, body: body, date: date,
            presignSeconds: presign, unsignedPayload: unsignedPayload, url: url
        )
    }

    /// The process environment, read once here at the edge.
    private static func environment() -> [String: String] {
        var result: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let pair = String(cString: pointer)
            if let equals = pair.firstIndex(of: "=") {
                result[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
            }
            entry += 1
        }
        return result
    }

    /// The bytes of `value`, or of the file it names after `@` (`@-` is standard input).
    private static func read(_ value: String) throws -> [UInt8] {
        guard value.hasPrefix("@") else { return Array(value.utf8) }
        let path = String(value.dropFirst())
        let descriptor = path == "-" ? 0 : open(path, O_RDONLY)
        guard descriptor >= 0 else { throw ValidationError("cannot read \(path): \(String(cString: strerror(errno)))") }
        defer { if descriptor != 0 { close(descriptor) } }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 { throw ValidationError("cannot read \(path): \(String(cString: strerror(errno)))") }
            if count == 0 { return bytes }
            bytes += buffer[0..<count]
        }
    }
}

/// Standard error as a `TextOutputStream`, for messages that are not the command's output.
private struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        var text = string
        text.withUTF8 { _ = Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}
