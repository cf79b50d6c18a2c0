/// A fully buffered HTTP response.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The body decoded as UTF-8 (invalid bytes replaced).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// An HTTP response whose body arrives as a sequence of chunks, for objects too large to hold in memory.
public struct HTTPStreamingResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: HTTPBodyStream

    public init(status: Int, headers: HTTPHeaders, body: HTTPBodyStream) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// Reads the whole body into memory.
    public func collect(upTo limit: Int = .max) async throws -> HTTPResponse {
        var bytes: [UInt8] = []
        for try await chunk in body {
            bytes += chunk
            if bytes.count > limit { throw HTTPError(.bodyTooLarge, "response body exceeds \(limit) bytes") }
        }
        return HTTPResponse(status: status, headers: headers, body: bytes)
    }
}
