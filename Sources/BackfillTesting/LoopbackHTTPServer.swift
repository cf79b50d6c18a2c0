public import HTTP
import LambdaRuntime
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A request as a loopback test server received it.
public struct LoopbackRequest: Sendable {
    public var method: String
    /// The request target as sent: path plus `?query` when present.
    public var target: String
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// Which accepted connection (1, 2, …) carried the request.
    public var connection: Int

    /// The target without its query.
    public var path: String { String(target.split(separator: "?", maxSplits: 1).first ?? "") }

    /// The raw query string (without `?`), or "".
    public var query: String {
        let parts = target.split(separator: "?", maxSplits: 1)
        return parts.count > 1 ? String(parts[1]) : ""
    }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// What a loopback test server answers.
public struct LoopbackResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// Close the connection after answering (or without answering when `status` is 0).
    public var closeConnection: Bool

    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [], closeConnection: Bool = false) {
        self.status = status
        self.headers = headers
        self.body = body
        self.closeConnection = closeConnection
    }

    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), text: String) {
        self.init(status: status, headers: headers, body: Array(text.utf8))
    }

    /// Drops the connection without any answer, as a crashed peer would.
    public static let dropConnection = LoopbackResponse(status: 0, closeConnection: true)
}

/// A small HTTP/1.1 server on 127.0.0.1 with one thread per connection, for tests, the Runtime API emulator and
/// local fakes of source APIs. Handlers run on the connection's thread and may block.
public final class LoopbackHTTPServer: Sendable {
    public typealias Handler = @Sendable (LoopbackRequest) -> LoopbackResponse

    /// The TCP port the server listens on.
    public let port: Int
    private let listener: Int32
    private let handler: Handler
    private let state = Mutex<(running: Bool, connections: Set<Int32>, accepted: Int)>(
        (running: true, connections: [], accepted: 0)
    )

    /// Starts listening on 127.0.0.1 at `port` (0 picks a free one).
    public init(port: Int = 0, handler: @escaping Handler) throws {
        self.handler = handler
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw LoopbackServerError("socket: errno \(errno)") }
        var yes: Int32 = 1
        setsockopt(socketFD, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(0x7f00_0001).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(socketFD, 128) == 0 else {
            close(socketFD)
            throw LoopbackServerError("cannot listen on 127.0.0.1:\(port): errno \(errno)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketFD, $0, &length) }
        }
        self.port = Int(UInt16(bigEndian: address.sin_port))
        self.listener = socketFD
        Self.spawn { [self] in acceptLoop() }
    }

    deinit { stop() }

    /// `http://127.0.0.1:PORT`
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// How many TCP connections have been accepted so far.
    public var connectionsAccepted: Int { state.withLock { $0.accepted } }

    /// Stops accepting and closes every open connection.
    ///
    /// Descriptors are never closed here: the listener is only shut down (its accept thread closes it when it
    /// wakes), and connections are shut down under the lock their threads close them under, so no descriptor
    /// number can be reused by another server between the two.
    public func stop() {
        state.withLock { state in
            guard state.running else { return }
            state.running = false
            shutdown(listener, Int32(SHUT_RDWR))
            for fd in state.connections { shutdown(fd, Int32(SHUT_RDWR)) }
        }
    }

    private func acceptLoop() {
        defer { close(listener) }
        while true {
            let fd = accept(listener, nil, nil)
            if fd < 0 {
                if errno == EINTR && state.withLock({ $0.running }) { continue }
                return
            }
            var yes: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
            let number: Int? = state.withLock { state in
                guard state.running else { return nil }
                state.connections.insert(fd)
                state.accepted += 1
                return state.accepted
            }
            guard let number else {
                close(fd)
                return
            }
            Self.spawn { [self] in serve(fd, connection: number) }
        }
    }

    private func serve(_ fd: Int32, connection: Int) {
        defer {
            state.withLock { state in
                state.connections.remove(fd)
                close(fd)
            }
        }
        var reader = SocketReader(fd: fd)
        while let request = reader.readRequest(connection: connection) {
            let response = handler(request)
            if response.status == 0 { return }
            guard write(response: response, to: fd) else { return }
            if response.closeConnection || request.headers.first("connection")?.lowercased() == "close" { return }
        }
    }

    private func write(response: LoopbackResponse, to fd: Int32) -> Bool {
        var head = "HTTP/1.1 \(response.status) \(Self.reason(response.status))\r\n"
        for field in response.headers where field.name.lowercased() != "content-length" {
            head += "\(field.name): \(field.value)\r\n"
        }
        head += "Content-Length: \(response.body.count)\r\n"
        if response.closeConnection { head += "Connection: close\r\n" }
        head += "\r\n"
        var bytes = Array(head.utf8)
        bytes += response.body
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { return false }
            offset += sent
        }
        return true
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 202: "Accepted"
        case 400: "Bad Request"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 413: "Payload Too Large"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }

    /// Runs `body` on a new detached thread.
    static func spawn(_ body: @escaping @Sendable () -> Void) {
        precondition(DetachedThread.start(body), "cannot start a thread for the loopback server")
    }
}

/// The loopback server's one error.
public struct LoopbackServerError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
