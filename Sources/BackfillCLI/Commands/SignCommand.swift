import AWSSigV4
import ArgumentParser
import LambdaRuntime

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
        let bytes = try body.map(CommandInput.read) ?? []
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        let signature: SigV4Signature
        do {
            signature = try input(body: bytes).sign(
                environment: RuntimeEnvironment.processVariables(), now: SigV4Date(secondsSince1970: spec.tv_sec)
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
}

/// Standard error as a `TextOutputStream`, for messages that are not the command's output.
private struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        var text = string
        text.withUTF8 { _ = Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}
