import HTTP
import JSON
import Synchronization

/// A local stand-in for the Lambda Runtime API (2018-06-01): the runtime polls `/next`, posts responses and
/// errors; tests and scripts invoke synchronously with `POST /invoke` (or the Runtime Interface Emulator's path
/// `/2015-03-31/functions/function/invocations`), or in-process with `invoke(_:)`.
public final class RuntimeAPIEmulator: Sendable {
    /// What the function answered.
    public enum Outcome: Sendable, Equatable {
        case response([UInt8])
        /// The error type header and the error document.
        case error(type: String, body: [UInt8])

        public var bodyText: String {
            switch self {
            case .response(let body), .error(_, let body): String(decoding: body, as: UTF8.self)
            }
        }
    }

    /// One event waiting for the runtime.
    public struct PendingEvent: Sendable {
        public var requestID: String
        public var body: [UInt8]
        public var traceID: String?
        public var clientContext: String?
        public var cognitoIdentity: String?
    }

    /// An init error the runtime reported.
    public struct InitError: Sendable {
        public var errorType: String
        public var body: String
    }

    private struct State {
        var waiters: [String: BlockingQueue<Outcome>] = [:]
        var initErrors: [InitError] = []
        var nextRequests = 0
        var firstNextNanoseconds: UInt64?
        var failNextWith500 = false
        var sequence = 0
    }

    private let pending = BlockingQueue<PendingEvent>()
    private let state = Mutex(State())
    private let firstNext = BlockingQueue<UInt64>()
    private let initErrorSignal = BlockingQueue<Int>()
    private let functionTimeoutMilliseconds: Int64
    private let functionARN: String
    private let server = Mutex<LoopbackHTTPServer?>(nil)

    /// `host:port` to put in `AWS_LAMBDA_RUNTIME_API`.
    public let runtimeAPI: String
    public let port: Int

    public static let maxResponseBytes = 6 * 1024 * 1024

    /// Starts listening on 127.0.0.1 (`port` 0 picks a free one).
    public init(
        port: Int = 0, functionTimeoutSeconds: Int = 30,
        functionARN: String = "arn:aws:lambda:us-east-1:000000000000:function:local"
    ) throws {
        self.functionTimeoutMilliseconds = Int64(functionTimeoutSeconds) * 1000
        self.functionARN = functionARN
        let box = Mutex<RuntimeAPIEmulator?>(nil)
        let server = try LoopbackHTTPServer(port: port) { request in
            guard let emulator = box.withLock({ $0 }) else { return LoopbackResponse(status: 503) }
            return emulator.route(request)
        }
        self.port = server.port
        self.runtimeAPI = "127.0.0.1:\(server.port)"
        self.server.withLock { $0 = server }
        box.withLock { $0 = self }
    }

    /// Stops serving; a runtime waiting on `/next` sees its connection close.
    public func stop() {
        pending.close()
        server.withLock { $0?.stop() }
    }

    /// How many `GET /next` requests arrived.
    public var nextRequestCount: Int { state.withLock { $0.nextRequests } }

    /// TCP connections the runtime opened.
    public var connectionsAccepted: Int { server.withLock { $0?.connectionsAccepted ?? 0 } }

    /// Init errors reported so far.
    public var initErrors: [InitError] { state.withLock { $0.initErrors } }

    /// Makes every following `/next` answer 500, as the Runtime API does when the sandbox is broken.
    public func failNextPollsWith500() { state.withLock { $0.failNextWith500 = true } }

    /// Waits for the first `/next` and returns its arrival on the monotonic clock (nanoseconds).
    public func waitForFirstNext(timeoutSeconds: Double) -> UInt64? {
        guard let value = firstNext.take(timeoutSeconds: timeoutSeconds) else { return nil }
        firstNext.put(value)
        return value
    }

    /// Waits until at least `count` `/next` requests have arrived (the runtime is polling again).
    public func waitForNextRequests(_ count: Int, timeoutSeconds: Double) -> Bool {
        let deadline = MonotonicClock.nanoseconds() + UInt64(timeoutSeconds * 1e9)
        while nextRequestCount < count {
            if MonotonicClock.nanoseconds() > deadline { return false }
            usleep(1000)
        }
        return true
    }

    /// Waits until an init error has been reported.
    public func waitForInitError(timeoutSeconds: Double) -> InitError? {
        guard initErrorSignal.take(timeoutSeconds: timeoutSeconds) != nil else { return initErrors.last }
        return initErrors.last
    }

    /// Queues an event and blocks until the runtime answers (nil on time-out).
    public func invoke(_ event: [UInt8], traceID: String? = nil, timeoutSeconds: Double = 60) -> Outcome? {
        let (requestID, waiter) = register()
        pending.put(PendingEvent(requestID: requestID, body: event, traceID: traceID))
        let outcome = waiter.take(timeoutSeconds: timeoutSeconds)
        state.withLock { _ = $0.waiters.removeValue(forKey: requestID) }
        return outcome
    }

    /// `invoke` without blocking the caller's thread.
    public func invoke(_ event: String, traceID: String? = nil, timeoutSeconds: Double = 60) async -> Outcome? {
        let bytes = Array(event.utf8)
        return await withCheckedContinuation { continuation in
            LoopbackHTTPServer.spawn { [self] in
                continuation.resume(returning: invoke(bytes, traceID: traceID, timeoutSeconds: timeoutSeconds))
            }
        }
    }

    private func register() -> (String, BlockingQueue<Outcome>) {
        let waiter = BlockingQueue<Outcome>()
        let requestID = state.withLock { state -> String in
            state.sequence += 1
            let id = "req-\(state.sequence)-" + String(MonotonicClock.nanoseconds() % 1_000_000_007, radix: 16)
            state.waiters[id] = waiter
            return id
        }
        return (requestID, waiter)
    }

    private func deliver(_ requestID: String, _ outcome: Outcome) -> Bool {
        guard let waiter = state.withLock({ $0.waiters[requestID] }) else { return false }
        waiter.put(outcome)
        return true
    }

    // MARK: - Routes

    private func route(_ request: LoopbackRequest) -> LoopbackResponse {
        let path = request.path
        let prefix = "/2018-06-01/runtime"
        switch (request.method, path) {
        case ("GET", prefix + "/invocation/next"):
            return next()
        case ("POST", prefix + "/init/error"):
            let error = InitError(
                errorType: request.headers["lambda-runtime-function-error-type"] ?? "", body: request.bodyText)
            state.withLock { $0.initErrors.append(error) }
            initErrorSignal.put(1)
            return accepted()
        case ("POST", "/invoke"), ("POST", "/2015-03-31/functions/function/invocations"):
            return synchronousInvoke(request)
        case ("POST", _) where path.hasPrefix(prefix + "/invocation/"):
            let parts = path.dropFirst((prefix + "/invocation/").count).split(separator: "/")
            guard parts.count == 2 else { return LoopbackResponse(status: 404, text: "unknown path") }
            let requestID = String(parts[0])
            let outcome: Outcome
            if parts[1] == "response" {
                if request.body.count > Self.maxResponseBytes {
                    return LoopbackResponse(
                        status: 413,
                        text:
                            #"{"errorMessage":"Exceeded maximum allowed payload size","errorType":"RequestEntityTooLarge"}"#
                    )
                }
                outcome = .response(request.body)
            } else if parts[1] == "error" {
                outcome = .error(type: request.headers["lambda-runtime-function-error-type"] ?? "", body: request.body)
            } else {
                return LoopbackResponse(status: 404, text: "unknown path")
            }
            guard deliver(requestID, outcome) else {
                return LoopbackResponse(
                    status: 400, text: #"{"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"}"#)
            }
            return accepted()
        default:
            return LoopbackResponse(status: 404, text: "unknown path \(path)")
        }
    }

    private func accepted() -> LoopbackResponse {
        LoopbackResponse(status: 202, headers: ["Content-Type": "application/json"], text: #"{"status":"OK"}"#)
    }

    private func next() -> LoopbackResponse {
        let failing = state.withLock { state -> Bool in
            state.nextRequests += 1
            if state.firstNextNanoseconds == nil {
                let now = MonotonicClock.nanoseconds()
                state.firstNextNanoseconds = now
                firstNext.put(now)
            }
            return state.failNextWith500
        }
        if failing { return LoopbackResponse(status: 500, text: #"{"errorMessage":"sandbox failure"}"#) }
        guard let event = pending.take() else { return .dropConnection }
        var headers: HTTPHeaders = [
            "Content-Type": "application/json",
            "Lambda-Runtime-Aws-Request-Id": event.requestID,
            "Lambda-Runtime-Deadline-Ms": String(Self.epochMilliseconds() + functionTimeoutMilliseconds),
            "Lambda-Runtime-Invoked-Function-Arn": functionARN,
        ]
        if let trace = event.traceID { headers.add("Lambda-Runtime-Trace-Id", trace) }
        if let context = event.clientContext { headers.add("Lambda-Runtime-Client-Context", context) }
        if let identity = event.cognitoIdentity { headers.add("Lambda-Runtime-Cognito-Identity", identity) }
        return LoopbackResponse(status: 200, headers: headers, body: event.body)
    }

    private func synchronousInvoke(_ request: LoopbackRequest) -> LoopbackResponse {
        let timeout = Double(functionTimeoutMilliseconds) / 1000 + 5
        guard let outcome = invoke(request.body, traceID: request.headers["x-amzn-trace-id"], timeoutSeconds: timeout)
        else {
            return LoopbackResponse(status: 504, text: #"{"errorMessage":"the function did not answer in time"}"#)
        }
        switch outcome {
        case .response(let body):
            return LoopbackResponse(status: 200, headers: ["Content-Type": "application/json"], body: body)
        case .error(let type, let body):
            return LoopbackResponse(
                status: 200,
                headers: [
                    "Content-Type": "application/json", "X-Amz-Function-Error": type.isEmpty ? "Unhandled" : type,
                ],
                body: body)
        }
    }

    private static func epochMilliseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }
}

#if canImport(Glibc)
    import Glibc
#endif
