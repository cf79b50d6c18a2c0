public import AWSSigV4

/// What `backfill sign` was asked to sign, checked and turned into a signature without touching the process:
/// the caller passes the environment, the current time and the body already read.
public struct SignCommandInput: Sendable {
    /// The signing name of the service (`s3`, `dynamodb`, ...).
    public var service: String
    public var region: String
    public var method: String
    /// `Name: value` arguments, in order; a name may repeat.
    public var headers: [String]
    public var body: [UInt8]
    /// `YYYYMMDDTHHMMSSZ`; nil signs at `now`.
    public var date: String?
    /// Presign for this many seconds instead of signing headers.
    public var presignSeconds: Int?
    /// Sign with `UNSIGNED-PAYLOAD` instead of the body's hash.
    public var unsignedPayload: Bool
    public var url: String

    /// The longest a presigned URL may live (seven days), as AWS enforces.
    public static let maximumPresignSeconds = 604_800

    /// An input from the command's options.
    public init(
        service: String,
        region: String,
        method: String = "GET",
        headers: [String] = [],
        body: [UInt8] = [],
        date: String? = nil,
        presignSeconds: Int? = nil,
        unsignedPayload: Bool = false,
        url: String
    ) {
        self.service = service
        self.region = region
        self.method = method
        self.headers = headers
        self.body = body
        self.date = date
        self.presignSeconds = presignSeconds
        self.unsignedPayload = unsignedPayload
        self.url = url
    }

    /// Checks every option that needs no environment: URL, method, headers, date, presign lifetime.
    public func validate() throws(SigV4Error) {
        _ = try request()
        _ = try signingDate(now: SigV4Date(secondsSince1970: 0))
        if let seconds = presignSeconds, !(1...Self.maximumPresignSeconds).contains(seconds) {
            throw SigV4Error(
                .invalidArgument,
                "--presign must be between 1 and \(Self.maximumPresignSeconds) seconds, not \(seconds)"
            )
        }
        if service.isEmpty || region.isEmpty {
            throw SigV4Error(.invalidArgument, "--service and --region must not be empty")
        }
    }

    /// Signs with credentials from `environment` at `date` (or `now`).
    public func sign(environment: [String: String], now: SigV4Date) throws(SigV4Error) -> SigV4Signature {
        try validate()
        let credentials = try AWSCredentials(environment: environment)
        let signer = SigV4Signer(service: service, region: region)
        let request = try request()
        let date = try signingDate(now: now)
        if let seconds = presignSeconds {
            return signer.presign(request, credentials: credentials, date: date, expiresIn: seconds)
        }
        return signer.sign(request, credentials: credentials, date: date)
    }

    /// The request the options describe.
    public func request() throws(SigV4Error) -> SigV4Request {
        let lowerURL = url.lowercased()
        guard lowerURL.hasPrefix("https://") || lowerURL.hasPrefix("http://") else {
            throw SigV4Error(.invalidArgument, "the URL must start with https:// or http://", context: ["url": url])
        }
        guard !method.isEmpty, method.utf8.allSatisfy(Self.isTokenByte) else {
            throw SigV4Error(
                .invalidArgument, "the method must be an HTTP token such as GET", context: ["method": method])
        }
        var parsed: [(name: String, value: String)] = []
        for argument in headers { parsed.append(try Self.header(from: argument)) }
        return SigV4Request(
            method: method, url: url, headers: parsed, payload: unsignedPayload ? .unsigned : .bytes(body)
        )
    }

    /// `Name: value` split at the first colon; the name must be an HTTP token, the value one line.
    public static func header(from argument: String) throws(SigV4Error) -> (name: String, value: String) {
        guard let colon = argument.firstIndex(of: ":") else {
            throw SigV4Error(.invalidHeader, "a header must look like 'Name: value'", context: ["header": argument])
        }
        let name = String(argument[..<colon])
        let value = String(argument[argument.index(after: colon)...])
        guard !name.isEmpty, name.utf8.allSatisfy(isTokenByte) else {
            throw SigV4Error(
                .invalidHeader, "header name '\(name)' is not an HTTP token", context: ["header": argument]
            )
        }
        guard !value.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0 }) else {
            throw SigV4Error(.invalidHeader, "header \(name) has a line break in its value", context: ["header": name])
        }
        return (name, value)
    }

    private func signingDate(now: SigV4Date) throws(SigV4Error) -> SigV4Date {
        guard let date else { return now }
        guard let parsed = SigV4Date(amzDate: date) else {
            throw SigV4Error(.invalidDate, "--date must look like 20150830T123600Z", context: ["date": date])
        }
        return parsed
    }

    /// RFC 9110 `tchar`.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}
