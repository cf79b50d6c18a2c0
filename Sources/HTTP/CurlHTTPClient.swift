internal import CCurl
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The real HTTP transport: one curl multi handle driven by its own thread, so many requests are in flight at
/// once and connections are kept alive and reused between requests to the same host.
public final class CurlHTTPClient: HTTPTransport, Sendable {
    /// Connection settings that apply to every request.
    public struct Options: Sendable {
        public var connectTimeoutMilliseconds: Int = 10_000
        /// Unread bytes of a streamed body at which the transfer pauses.
        public var streamHighWaterMark: Int = 1 << 20
        /// Connections kept open for reuse.
        public var maxIdleConnections: Int = 16

        public init() {}
    }

    private let engine: CurlEngine

    public init(options: Options = Options()) {
        engine = CurlEngine(options: options)
        engine.start()
    }

    deinit {
        engine.stop()
    }

    /// Creates a client, runs `body` with it and shuts it down afterwards.
    public static func withClient<Result>(
        options: Options = Options(),
        _ body: (CurlHTTPClient) async throws -> Result
    ) async rethrows -> Result {
        let client = CurlHTTPClient(options: options)
        defer { client.shutdown() }
        return try await body(client)
    }

    /// Stops the curl thread; requests still in flight fail with `cancelled`.
    public func shutdown() {
        engine.stop()
    }

    /// How many TCP connections curl has opened so far (reused connections are not counted again).
    public var connectionsOpened: Int { engine.connectionsOpened }

    public func execute(_ request: HTTPRequest) async throws -> HTTPResponse {
        let id = engine.nextID()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                engine.submit(id: id, request: request, completion: .buffered(continuation), streaming: false)
            }
        } onCancel: {
            engine.cancel(id: id)
        }
    }

    public func stream(_ request: HTTPRequest) async throws -> HTTPStreamingResponse {
        let id = engine.nextID()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                engine.submit(id: id, request: request, completion: .streaming(continuation), streaming: true)
            }
        } onCancel: {
            engine.cancel(id: id)
        }
    }
}

/// Owns the multi handle and the thread that drives it. Other threads talk to it only through `commands`.
final class CurlEngine: @unchecked Sendable {
    private enum Command {
        case add(Int, HTTPRequest, CurlTransfer.Completion, streaming: Bool)
        case resume(Int)
        case cancel(Int)
    }

    private let options: CurlHTTPClient.Options
    private let multi: UnsafeMutableRawPointer!
    /// Why libcurl is unusable (it could not be loaded), or nil.
    private let unavailable: String?
    private let commands = Mutex<(queue: [Command], running: Bool)>((queue: [], running: true))
    private let idCounter = Atomic<Int>(0)
    private let connectionCounter = Atomic<Int>(0)
    private let stopped = Atomic<Bool>(false)
    private var transfers: [Int: CurlTransfer] = [:]
    private var idleHandles: [UnsafeMutableRawPointer] = []
    private var thread: pthread_t?

    init(options: CurlHTTPClient.Options) {
        self.options = options
        var error = [CChar](repeating: 0, count: 512)
        if bf_curl_load(&error, error.count) == 0, let handle = bf_curl_multi_init() {
            multi = handle
            unavailable = nil
            _ = bf_curl_multi_setopt_long(handle, CURLMOPT_MAXCONNECTS, options.maxIdleConnections)
        } else {
            multi = nil
            let reason = String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            unavailable = reason.isEmpty ? "curl_multi_init failed" : reason
        }
    }

    var connectionsOpened: Int { connectionCounter.load(ordering: .relaxed) }

    func nextID() -> Int { idCounter.add(1, ordering: .relaxed).newValue }

    func start() {
        guard unavailable == nil else { return }
        var handle = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        let created = pthread_create(
            &handle, nil,
            { context in
                let engine = Unmanaged<CurlEngine>.fromOpaque(context!).takeRetainedValue()
                engine.run()
                return nil
            }, context)
        precondition(created == 0, "cannot start the HTTP thread (pthread_create: \(created))")
        thread = handle
    }

    func stop() {
        guard !stopped.exchange(true, ordering: .acquiringAndReleasing), unavailable == nil else { return }
        commands.withLock { $0.running = false }
        bf_curl_multi_wakeup(multi)
        if let thread { pthread_join(thread, nil) }
    }

    func submit(id: Int, request: HTTPRequest, completion: CurlTransfer.Completion, streaming: Bool) {
        let accepted =
            unavailable == nil
            && commands.withLock { state -> Bool in
                guard state.running else { return false }
                state.queue.append(.add(id, request, completion, streaming: streaming))
                return true
            }
        guard accepted else {
            let error =
                unavailable.map { HTTPError(.transport, $0) }
                ?? HTTPError(.cancelled, "the HTTP client has been shut down")
            switch completion {
            case .buffered(let continuation): continuation.resume(throwing: error)
            case .streaming(let continuation): continuation.resume(throwing: error)
            }
            return
        }
        bf_curl_multi_wakeup(multi)
    }

    func cancel(id: Int) { send(.cancel(id)) }

    private func send(_ command: Command) {
        guard unavailable == nil else { return }
        commands.withLock { $0.queue.append(command) }
        bf_curl_multi_wakeup(multi)
    }

    // MARK: - The curl thread

    private func run() {
        var running: Int32 = 0
        while true {
            let (batch, keepGoing) = commands.withLock { state -> ([Command], Bool) in
                defer { state.queue.removeAll(keepingCapacity: true) }
                return (state.queue, state.running)
            }
            for command in batch { perform(command) }
            guard keepGoing else { break }
            bf_curl_multi_perform(multi, &running)
            collectFinished()
            expireHeaderDeadlines()
            if commands.withLock({ $0.queue.isEmpty }) {
                bf_curl_multi_poll(multi, nil, 0, pollTimeoutMilliseconds(), nil)
            }
        }
        for id in Array(transfers.keys) { finish(id: id, error: HTTPError(.cancelled, "the HTTP client shut down")) }
        for handle in idleHandles { bf_curl_easy_cleanup(handle) }
        idleHandles.removeAll()
        bf_curl_multi_cleanup(multi)
    }

    private func perform(_ command: Command) {
        switch command {
        case .add(let id, let request, let completion, let streaming):
            let easy = idleHandles.popLast() ?? bf_curl_easy_init()!
            let transfer = CurlTransfer(id: id, easy: easy, completion: completion)
            if streaming {
                transfer.bodySource = HTTPBodySource(
                    highWaterMark: options.streamHighWaterMark,
                    onDemand: { [weak self] in self?.send(.resume(id)) },
                    onAbandon: { [weak self] in self?.send(.cancel(id)) }
                )
            }
            transfers[id] = transfer
            if let problem = transfer.configure(request, options: options) {
                finish(id: id, error: HTTPError(.invalidURL, problem))
                return
            }
            bf_curl_multi_add_handle(multi, easy)
        case .resume(let id):
            if let transfer = transfers[id] { bf_curl_easy_pause(transfer.easy, bf_curlpause_cont) }
        case .cancel(let id):
            if transfers[id] != nil { finish(id: id, error: HTTPError(.cancelled, "request cancelled")) }
        }
    }

    /// How long to wait for socket activity: at most a second, less when a header deadline falls sooner.
    private func pollTimeoutMilliseconds() -> Int32 {
        let now = CurlTransfer.monotonicMilliseconds()
        var wait: UInt64 = 1000
        for transfer in transfers.values where !transfer.headersDelivered {
            if let deadline = transfer.headersDeadline { wait = min(wait, deadline > now ? deadline - now + 1 : 0) }
        }
        return Int32(wait)
    }

    /// Fails streamed requests whose status and headers did not arrive within their time limit.
    private func expireHeaderDeadlines() {
        let now = CurlTransfer.monotonicMilliseconds()
        for (id, transfer) in transfers where !transfer.headersDelivered {
            if let deadline = transfer.headersDeadline, now > deadline {
                finish(id: id, error: HTTPError(.timedOut, "no response headers within the request's time limit"))
            }
        }
    }

    private func collectFinished() {
        var remaining: Int32 = 0
        while let message = bf_curl_multi_info_read(multi, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            let result = message.pointee.data.result
            var pointer: UnsafeMutableRawPointer?
            _ = bf_curl_easy_getinfo_pointer(easy, CURLINFO_PRIVATE, &pointer)
            guard let pointer else { continue }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(pointer).takeUnretainedValue()
            var connects = 0
            _ = bf_curl_easy_getinfo_long(easy, CURLINFO_NUM_CONNECTS, &connects)
            connectionCounter.add(connects, ordering: .relaxed)
            finish(id: transfer.id, error: result == CURLE_OK ? nil : Self.error(for: result))
        }
    }

    private func finish(id: Int, error: HTTPError?) {
        guard let transfer = transfers.removeValue(forKey: id) else { return }
        bf_curl_multi_remove_handle(multi, transfer.easy)
        transfer.complete(error: error)
        transfer.releaseResources()
        bf_curl_easy_reset(transfer.easy)
        idleHandles.append(transfer.easy)
    }

    private static func error(for code: CURLcode) -> HTTPError {
        let text = String(cString: bf_curl_easy_strerror(code))
        switch code {
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST: return HTTPError(.connectFailed, text)
        case CURLE_OPERATION_TIMEDOUT: return HTTPError(.timedOut, text)
        case CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE:
            return HTTPError(.connectionReset, text)
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL: return HTTPError(.invalidURL, text)
        case CURLE_WRITE_ERROR: return HTTPError(.cancelled, text)
        default: return HTTPError(.transport, text)
        }
    }
}
