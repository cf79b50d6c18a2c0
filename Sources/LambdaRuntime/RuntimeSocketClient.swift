import JSON

#if canImport(Glibc)
    import Glibc
#endif

/// The Runtime API client the loop uses: the Runtime API is plain HTTP/1.1 on a loopback address, with one
/// request at a time, so one kept-alive socket with blocking I/O serves it with no thread hops and no library to
/// load at start-up. `/next` has no time limit; reports have one (a stuck Runtime API must not hang the process).
package final class RuntimeSocketClient: RuntimeClient, @unchecked Sendable {
    private let host: String
    private let port: UInt16
    private var fd: Int32 = -1
    private var buffer: [UInt8] = []
    private var start = 0
    private var scratch = [UInt8](repeating: 0, count: 256 * 1024)

    /// - Parameter runtimeAPI: `host:port` from `AWS_LAMBDA_RUNTIME_API`.
    package init(runtimeAPI: String) throws(RuntimeError) {
        let parts = runtimeAPI.split(separator: ":")
        guard parts.count == 2, let port = UInt16(parts[1]) else {
            throw RuntimeError(.missingConfiguration, "AWS_LAMBDA_RUNTIME_API must be host:port, not '\(runtimeAPI)'")
        }
        host = String(parts[0])
        self.port = port
    }

    deinit { if fd >= 0 { close(fd) } }

    package func next() async throws -> Invocation {
        let response = try exchange(method: "GET", path: "/2018-06-01/runtime/invocation/next", headers: [], body: [])
        try check(response, expected: 200, what: "next invocation")
        guard let requestID = response.header("lambda-runtime-aws-request-id"), !requestID.isEmpty else {
            throw RuntimeError(.protocolViolation, "the next invocation has no Lambda-Runtime-Aws-Request-Id")
        }
        return Invocation(
            requestID: requestID,
            deadlineMilliseconds: Int64(response.header("lambda-runtime-deadline-ms") ?? "") ?? 0,
            invokedFunctionARN: response.header("lambda-runtime-invoked-function-arn") ?? "",
            traceID: response.header("lambda-runtime-trace-id"),
            clientContext: response.header("lambda-runtime-client-context"),
            cognitoIdentity: response.header("lambda-runtime-cognito-identity"),
            event: response.body)
    }

    package func respond(requestID: String, body: [UInt8]) async throws {
        let response = try exchange(
            method: "POST", path: "/2018-06-01/runtime/invocation/\(requestID)/response",
            headers: [("Content-Type", "application/json")], body: body)
        try check(response, expected: 202, what: "response")
    }

    package func fail(requestID: String, error: ReportedError) async throws {
        let response = try exchange(
            method: "POST", path: "/2018-06-01/runtime/invocation/\(requestID)/error",
            headers: [("Content-Type", "application/json"), ("Lambda-Runtime-Function-Error-Type", error.errorType)],
            body: Self.errorBody(error))
        try check(response, expected: 202, what: "error report")
    }

    package func failInit(error: ReportedError) async throws {
        let response = try exchange(
            method: "POST", path: "/2018-06-01/runtime/init/error",
            headers: [("Content-Type", "application/json"), ("Lambda-Runtime-Function-Error-Type", error.errorType)],
            body: Self.errorBody(error))
        try check(response, expected: 202, what: "init error report")
    }

    /// `{"errorMessage":…,"errorType":…,"stackTrace":[]}`
    package static func errorBody(_ error: ReportedError) -> [UInt8] {
        let value: JSONValue = [
            "errorMessage": .string(error.errorMessage), "errorType": .string(error.errorType), "stackTrace": [],
        ]
        return value.serializedBytes()
    }

    // MARK: - HTTP/1.1 over one socket

    struct Response {
        var status: Int
        var headers: [(String, String)]
        var body: [UInt8]
        func header(_ name: String) -> String? { headers.first { $0.0 == name }?.1 }
    }

    private func exchange(method: String, path: String, headers: [(String, String)], body: [UInt8]) throws
        -> Response
    {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nUser-Agent: backfill-bootstrap\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(body.count)\r\n\r\n"
        var request = Array(head.utf8)
        request += body
        // A kept-alive connection the Runtime API closed in between is re-opened once.
        for attempt in 0..<2 {
            if fd < 0 { try connectSocket() }
            if send(request), let response = try receiveResponse() { return response }
            disconnect()
            if attempt == 1 { break }
        }
        throw RuntimeError(.containerError, "the Runtime API at \(host):\(port) closed the connection")
    }

    private func connectSocket() throws {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &result) == 0, let first = result else {
            throw RuntimeError(.containerError, "cannot resolve the Runtime API host \(host)")
        }
        defer { freeaddrinfo(result) }
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let address = candidate {
            let socketFD = socket(address.pointee.ai_family, address.pointee.ai_socktype, address.pointee.ai_protocol)
            if socketFD >= 0 {
                if Glibc.connect(socketFD, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 {
                    var one: Int32 = 1
                    setsockopt(socketFD, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                    fd = socketFD
                    return
                }
                close(socketFD)
            }
            candidate = address.pointee.ai_next
        }
        throw RuntimeError(
            .containerError, "cannot connect to the Runtime API at \(host):\(port): \(String(cString: strerror(errno)))"
        )
    }

    private func disconnect() {
        if fd >= 0 { close(fd) }
        fd = -1
        buffer.removeAll(keepingCapacity: true)
        start = 0
    }

    private func send(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let sent = Glibc.send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if sent < 0 && errno == EINTR { continue }
                if sent <= 0 { return false }
                offset += sent
            }
            return true
        }
    }

    /// Reads one response; nil when the connection closed before a complete one arrived.
    private func receiveResponse() throws -> Response? {
        guard let headEnd = findHeaderEnd() else { return nil }
        let head = String(decoding: buffer[start..<headEnd], as: UTF8.self)
        start = headEnd + 4
        var lines = head.split(separator: "\r\n")
        guard !lines.isEmpty else { return nil }
        let statusParts = lines.removeFirst().split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
            throw RuntimeError(.protocolViolation, "the Runtime API sent a malformed status line")
        }
        var headers: [(String, String)] = []
        var contentLength = 0
        var chunked = false
        var closeAfter = false
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = String(line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" })
            headers.append((name, value))
            switch name {
            case "content-length": contentLength = Int(value) ?? 0
            case "transfer-encoding": chunked = value.lowercased().contains("chunked")
            case "connection": closeAfter = value.lowercased() == "close"
            default: break
            }
        }
        let body: [UInt8]
        if chunked {
            guard let decoded = readChunked() else { return nil }
            body = decoded
        } else {
            guard fill(to: start + contentLength) else { return nil }
            body = Array(buffer[start..<(start + contentLength)])
            start += contentLength
        }
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        }
        if closeAfter { disconnect() }
        return Response(status: status, headers: headers, body: body)
    }

    private func findHeaderEnd() -> Int? {
        var from = start
        while true {
            if buffer.count >= from + 4 {
                var index = from
                while index + 3 < buffer.count {
                    if buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13
                        && buffer[index + 3] == 10
                    {
                        return index
                    }
                    index += 1
                }
                from = max(start, buffer.count - 3)
            }
            guard receive() else { return nil }
        }
    }

    private func readChunked() -> [UInt8]? {
        var body: [UInt8] = []
        while true {
            guard let lineEnd = findLineEnd() else { return nil }
            let sizeText = String(decoding: buffer[start..<lineEnd], as: UTF8.self)
            start = lineEnd + 2
            guard let size = Int(sizeText.split(separator: ";").first ?? "", radix: 16) else { return nil }
            guard fill(to: start + size + 2) else { return nil }
            body += buffer[start..<(start + size)]
            start += size + 2
            if size == 0 { return body }
        }
    }

    private func findLineEnd() -> Int? {
        while true {
            var index = start
            while index + 1 < buffer.count {
                if buffer[index] == 13 && buffer[index + 1] == 10 { return index }
                index += 1
            }
            guard receive() else { return nil }
        }
    }

    private func fill(to end: Int) -> Bool {
        while buffer.count < end {
            guard receive() else { return false }
        }
        return true
    }

    private func receive() -> Bool {
        if start > 0 && start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        }
        let received = scratch.withUnsafeMutableBytes { raw in
            var count: Int
            repeat {
                count = recv(fd, raw.baseAddress!, raw.count, 0)
            } while count < 0 && errno == EINTR
            return count
        }
        guard received > 0 else { return false }
        buffer.append(contentsOf: scratch[0..<received])
        return true
    }

    private func check(_ response: Response, expected: Int, what: String) throws {
        if response.status == expected { return }
        let text = String(decoding: response.body, as: UTF8.self)
        if response.status >= 500 {
            throw RuntimeError(.containerError, "the Runtime API answered \(response.status) to the \(what): \(text)")
        }
        if response.status == 413 {
            throw RuntimeError(.responseTooLarge, "the Runtime API rejected the \(what) as too large")
        }
        throw RuntimeError(.protocolViolation, "the Runtime API answered \(response.status) to the \(what): \(text)")
    }
}
