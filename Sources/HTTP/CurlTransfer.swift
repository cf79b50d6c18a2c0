internal import CCurl

#if canImport(Glibc)
    import Glibc
#endif

/// One request in flight on the curl thread: its easy handle, the bytes it sends, and what it has received.
/// Touched only by the curl thread, except for the body source, which is thread-safe.
final class CurlTransfer: @unchecked Sendable {
    enum Completion {
        case buffered(CheckedContinuation<HTTPResponse, any Error>)
        case streaming(CheckedContinuation<HTTPStreamingResponse, any Error>)
    }

    let id: Int
    let easy: UnsafeMutableRawPointer
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var requestBody: UnsafeMutableRawBufferPointer?
    private var completion: Completion?
    private(set) var status = 0
    private var responseHeaders = HTTPHeaders()
    private var responseBody: [UInt8] = []
    private(set) var headersDelivered = false
    /// For streamed requests: when the headers must have arrived (monotonic milliseconds), or nil.
    private(set) var headersDeadline: UInt64?
    var bodySource: HTTPBodySource?

    init(id: Int, easy: UnsafeMutableRawPointer, completion: Completion) {
        self.id = id
        self.easy = easy
        self.completion = completion
    }

    /// Applies the request to the easy handle; returns an error message when curl refuses an option.
    func configure(_ request: HTTPRequest, options: CurlHTTPClient.Options) -> String? {
        var failures: [String] = []
        func check(_ code: CURLcode, _ what: String) {
            if code != CURLE_OK { failures.append("\(what): \(String(cString: bf_curl_easy_strerror(code)))") }
        }
        check(bf_curl_easy_setopt_string(easy, CURLOPT_URL, request.url), "url")
        check(bf_curl_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1), "nosignal")
        check(bf_curl_easy_setopt_long(easy, CURLOPT_TCP_NODELAY, 1), "tcp_nodelay")
        check(bf_curl_easy_setopt_long(easy, CURLOPT_TCP_KEEPALIVE, 1), "tcp_keepalive")
        check(bf_curl_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, options.connectTimeoutMilliseconds), "connect")
        let timeout = request.timeout.map {
            max(Int($0.components.seconds) * 1000 + Int($0.components.attoseconds / 1_000_000_000_000_000), 1)
        }
        if bodySource == nil {
            // Buffered: the limit covers the whole exchange.
            check(bf_curl_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, timeout ?? 0), "timeout")
        } else {
            // Streamed: the limit covers getting the status and headers (checked by the engine). The body may take
            // as long as its consumer does; curl's total time-out would count the time the consumer keeps the
            // transfer paused and kill a slow read of a large object.
            check(bf_curl_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, 0), "timeout")
            headersDeadline = timeout.map { CurlTransfer.monotonicMilliseconds() + UInt64($0) }
        }
        check(bf_curl_easy_setopt_long(easy, CURLOPT_ACCEPT_ENCODING, 0), "encoding")

        let method = request.method.uppercased()
        if method == "HEAD" {
            check(bf_curl_easy_setopt_long(easy, CURLOPT_NOBODY, 1), "nobody")
        } else if method == "GET" && request.body.isEmpty {
            check(bf_curl_easy_setopt_long(easy, CURLOPT_HTTPGET, 1), "get")
        } else {
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(request.body.count, 1), alignment: 1)
            request.body.withUnsafeBytes { buffer.copyMemory(from: $0) }
            requestBody = buffer
            check(bf_curl_easy_setopt_offset(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count)), "size")
            check(bf_curl_easy_setopt_pointer(easy, CURLOPT_POSTFIELDS, buffer.baseAddress), "body")
            if method != "POST" {
                check(bf_curl_easy_setopt_string(easy, CURLOPT_CUSTOMREQUEST, method), "method")
            }
        }

        // Exactly the caller's headers: no `Expect: 100-continue`, no default `Accept`, and never curl's
        // form Content-Type (it would be sent unsigned beside a signed request).
        var hasContentType = false
        for field in request.headers {
            let lowered = field.name.lowercasedASCII()
            if lowered == "content-type" { hasContentType = true }
            let line = field.value.isEmpty ? "\(field.name);" : "\(field.name): \(field.value)"
            headerList = bf_curl_slist_append(headerList, line)
        }
        headerList = bf_curl_slist_append(headerList, "Expect:")
        if !request.headers.contains("accept") { headerList = bf_curl_slist_append(headerList, "Accept:") }
        if !hasContentType { headerList = bf_curl_slist_append(headerList, "Content-Type:") }
        check(bf_curl_easy_setopt_pointer(easy, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(headerList)), "headers")

        let userdata = Unmanaged.passUnretained(self).toOpaque()
        check(bf_curl_easy_setopt_callback(easy, CURLOPT_WRITEFUNCTION, curlWriteCallback), "write")
        check(bf_curl_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, userdata), "writedata")
        check(bf_curl_easy_setopt_callback(easy, CURLOPT_HEADERFUNCTION, curlHeaderCallback), "header")
        check(bf_curl_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, userdata), "headerdata")
        check(bf_curl_easy_setopt_pointer(easy, CURLOPT_PRIVATE, userdata), "private")
        return failures.isEmpty ? nil : failures.joined(separator: "; ")
    }

    /// A header line arrived (status lines and the blank line that ends a block included).
    func receiveHeaderLine(_ line: Substring) {
        if line.hasPrefix("HTTP/") {
            responseHeaders = HTTPHeaders()
            let parts = line.split(separator: " ", maxSplits: 2)
            status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        } else if line.isEmpty {
            if status >= 200 { deliverHeadersIfStreaming() }
        } else if let colon = line.firstIndex(of: ":") {
            let name = line[..<colon]
            let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
            responseHeaders.add(String(name), String(value))
        }
    }

    /// Body bytes arrived. Returns false when curl should pause (the consumer is behind).
    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> ReceiveOutcome {
        guard let source = bodySource else {
            responseBody.append(contentsOf: bytes)
            return .accepted
        }
        if source.pauseIfFull() { return .pause }
        return source.yield(Array(bytes)) ? .accepted : .abort
    }

    enum ReceiveOutcome { case accepted, pause, abort }

    private func deliverHeadersIfStreaming() {
        guard !headersDelivered, case .streaming(let continuation) = completion, let source = bodySource else { return }
        headersDelivered = true
        completion = nil
        continuation.resume(
            returning: HTTPStreamingResponse(
                status: status, headers: responseHeaders, body: HTTPBodyStream(source: source))
        )
    }

    /// The transfer ended; `error` is nil on success.
    func complete(error: HTTPError?) {
        if error == nil { deliverHeadersIfStreaming() }
        switch completion {
        case .buffered(let continuation):
            if let error {
                continuation.resume(throwing: error)
            } else {
                continuation.resume(
                    returning: HTTPResponse(status: status, headers: responseHeaders, body: responseBody))
            }
        case .streaming(let continuation):
            continuation.resume(throwing: error ?? HTTPError(.transport, "transfer ended before its headers"))
        case nil:
            bodySource?.finish(throwing: error)
        }
        completion = nil
    }

    /// Milliseconds on the monotonic clock.
    static func monotonicMilliseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1000 + UInt64(spec.tv_nsec) / 1_000_000
    }

    /// Frees the curl resources the transfer owns (the easy handle is kept for reuse by the caller).
    func releaseResources() {
        if let headerList { bf_curl_slist_free_all(headerList) }
        headerList = nil
        requestBody?.deallocate()
        requestBody = nil
    }
}

private let curlWriteCallback: bf_curl_data_callback = { pointer, size, count, userdata in
    guard let userdata else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
    let length = size * count
    switch transfer.receiveBody(UnsafeRawBufferPointer(start: pointer, count: length)) {
    case .accepted: return length
    case .pause: return bf_curl_writefunc_pause
    case .abort: return 0
    }
}

private let curlHeaderCallback: bf_curl_data_callback = { pointer, size, count, userdata in
    guard let userdata, let pointer else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
    let length = size * count
    var line = String(decoding: UnsafeRawBufferPointer(start: pointer, count: length), as: UTF8.self)[...]
    while line.last == "\n" || line.last == "\r" || line.last == "\r\n" { line = line.dropLast() }
    transfer.receiveHeaderLine(line)
    return length
}
