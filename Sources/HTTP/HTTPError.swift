/// The one error type of the HTTP module.
public struct HTTPError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, coarsely enough for retry decisions.
    public enum Code: String, Sendable {
        case invalidURL
        case connectFailed
        case timedOut
        case connectionReset
        case bodyTooLarge
        case cancelled
        case transport
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// Whether a retry with the same request may succeed (connection trouble and time-outs).
    public var isTransient: Bool {
        switch code {
        case .connectFailed, .timedOut, .connectionReset: true
        case .invalidURL, .bodyTooLarge, .cancelled, .transport: false
        }
    }

    public var description: String { "HTTP \(code.rawValue): \(message)" }
}
