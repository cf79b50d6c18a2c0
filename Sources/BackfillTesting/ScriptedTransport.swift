public import HTTP
import Synchronization

/// An in-memory `HTTPTransport` that answers from a script, one step per request, and records every request.
/// For retry and protocol tests: no sockets, no time passes.
public final class ScriptedTransport: HTTPTransport {
    /// What one request gets.
    public enum Step: Sendable {
        /// Answer with this response.
        case respond(HTTPResponse)
        /// Fail as the transport would (time-out, reset, refused).
        case fail(HTTPError)
    }

    private let state: Mutex<(steps: [Step], next: Int, requests: [HTTPRequest])>
    private let fallback: (@Sendable (HTTPRequest) -> HTTPResponse)?

    /// - Parameters:
    ///   - steps: answers in order.
    ///   - fallback: answers requests after the script ran out (without one, they fail with `transport`).
    public init(_ steps: [Step] = [], fallback: (@Sendable (HTTPRequest) -> HTTPResponse)? = nil) {
        state = Mutex((steps: steps, next: 0, requests: []))
        self.fallback = fallback
    }

    /// A transport that answers every request with `handler`.
    public convenience init(handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse) {
        self.init([], fallback: handler)
    }

    /// Every request received, in order.
    public var requests: [HTTPRequest] { state.withLock { $0.requests } }

    /// How many scripted steps have not been used.
    public var remainingSteps: Int { state.withLock { $0.steps.count - $0.next } }

    public func execute(_ request: HTTPRequest) async throws -> HTTPResponse {
        let step: Step? = state.withLock { state in
            state.requests.append(request)
            guard state.next < state.steps.count else { return nil }
            defer { state.next += 1 }
            return state.steps[state.next]
        }
        switch step {
        case .respond(let response): return response
        case .fail(let error): throw error
        case nil:
            guard let fallback else {
                throw HTTPError(.transport, "ScriptedTransport: no step left for \(request.url)")
            }
            return fallback(request)
        }
    }
}

extension ScriptedTransport.Step {
    /// A JSON answer with the given status and extra headers.
    public static func json(_ status: Int, _ body: String, headers: [(String, String)] = []) -> Self {
        var fields = HTTPHeaders(headers)
        fields.set("Content-Type", "application/x-amz-json-1.0")
        fields.set("x-amzn-RequestId", "req-\(status)-\(body.utf8.count)")
        return .respond(HTTPResponse(status: status, headers: fields, body: Array(body.utf8)))
    }

    /// A JSON-protocol error answer with `__type` and `message`.
    public static func error(_ status: Int, _ code: String, headers: [(String, String)] = []) -> Self {
        json(
            status, #"{"__type":"com.amazonaws.dynamodb.v20120810#\#(code)","message":"scripted \#(code)"}"#,
            headers: headers)
    }
}
