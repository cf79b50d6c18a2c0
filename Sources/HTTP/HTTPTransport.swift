/// The seam every network call goes through: a real client on libcurl, and in-memory ones for tests.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and buffers the whole response.
    func execute(_ request: HTTPRequest) async throws -> HTTPResponse

    /// Sends `request` and returns as soon as the status and headers are in; the body follows as chunks.
    func stream(_ request: HTTPRequest) async throws -> HTTPStreamingResponse
}

extension HTTPTransport {
    /// Default streaming for transports that only buffer: the whole body as one chunk.
    public func stream(_ request: HTTPRequest) async throws -> HTTPStreamingResponse {
        let response = try await execute(request)
        return HTTPStreamingResponse(
            status: response.status,
            headers: response.headers,
            body: HTTPBodyStream(chunks: response.body.isEmpty ? [] : [response.body])
        )
    }
}
