package import LambdaRuntime

/// An in-memory Runtime API for unit tests of the loop: events are queued up front; reports are recorded.
package actor InMemoryRuntimeClient: RuntimeClient {
    /// What the loop reported for one request.
    package enum Report: Equatable, Sendable {
        case response(requestID: String, body: String)
        case error(requestID: String, ReportedError)
        case initError(ReportedError)
    }

    private var events: [Invocation]
    private var failRespondWith: RuntimeError?
    package private(set) var reports: [Report] = []

    /// - Parameter failRespondWith: thrown by every `respond`/`fail`, to test Runtime API failures.
    package init(events: [Invocation], failRespondWith: RuntimeError? = nil) {
        self.events = events
        self.failRespondWith = failRespondWith
    }

    package func next() async throws -> Invocation {
        guard !events.isEmpty else {
            throw RuntimeError(.containerError, "no more events in the in-memory client")
        }
        return events.removeFirst()
    }

    package func respond(requestID: String, body: [UInt8]) async throws {
        if let failRespondWith { throw failRespondWith }
        reports.append(.response(requestID: requestID, body: String(decoding: body, as: UTF8.self)))
    }

    package func fail(requestID: String, error: ReportedError) async throws {
        if let failRespondWith { throw failRespondWith }
        reports.append(.error(requestID: requestID, error))
    }

    package func failInit(error: ReportedError) async throws {
        reports.append(.initError(error))
    }
}
