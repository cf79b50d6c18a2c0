import Synchronization

/// A response body delivered as chunks with backpressure: the producer is paused while the consumer has more
/// than a high-water mark of unread bytes, so a multi-gigabyte S3 object streams in constant memory.
public struct HTTPBodyStream: AsyncSequence, Sendable {
    public typealias Element = [UInt8]

    let source: HTTPBodySource
    private let token: ConsumerToken

    package init(source: HTTPBodySource) {
        self.source = source
        self.token = ConsumerToken(source: source)
    }

    /// A stream of fixed chunks (in-memory transports, tests).
    public init(chunks: [[UInt8]]) {
        let source = HTTPBodySource(highWaterMark: .max)
        for chunk in chunks { _ = source.yield(chunk) }
        source.finish(throwing: nil)
        self.init(source: source)
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(source: source, token: token)
    }

    /// Reads chunks one by one; abandoning the stream (dropping every copy) cancels the transfer behind it.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let source: HTTPBodySource
        let token: ConsumerToken

        public mutating func next() async throws -> [UInt8]? {
            try await source.next()
        }
    }

    /// Cancels the transfer when the last consumer-side copy goes away.
    final class ConsumerToken: Sendable {
        let source: HTTPBodySource
        init(source: HTTPBodySource) { self.source = source }
        deinit { source.abandon() }
    }
}

/// The shared buffer between a producer (the curl thread) and one consumer.
package final class HTTPBodySource: Sendable {
    private struct State {
        var chunks: [[UInt8]] = []
        var head = 0
        var buffered = 0
        var finished = false
        var error: (any Error)?
        var waiter: CheckedContinuation<[UInt8]?, any Error>?
        var producerPaused = false
        var abandoned = false
    }

    private let state = Mutex(State())
    private let highWaterMark: Int
    private let onDemand: @Sendable () -> Void
    private let onAbandon: @Sendable () -> Void

    /// - Parameters:
    ///   - highWaterMark: unread bytes above which `yield` asks the producer to pause.
    ///   - onDemand: called (outside any lock) when a paused producer may continue.
    ///   - onAbandon: called once when the consumer drops the stream before its end.
    package init(
        highWaterMark: Int = 1 << 20,
        onDemand: @escaping @Sendable () -> Void = {},
        onAbandon: @escaping @Sendable () -> Void = {}
    ) {
        self.highWaterMark = highWaterMark
        self.onDemand = onDemand
        self.onAbandon = onAbandon
    }

    /// Whether the producer must hold back instead of yielding now. When it answers true it has already marked
    /// the producer paused, in the same critical section, so `onDemand` is sure to fire once the consumer catches
    /// up (checking and marking separately would let the consumer drain in between and never resume it).
    package func pauseIfFull() -> Bool {
        state.withLock { state in
            guard state.buffered >= highWaterMark && state.waiter == nil && !state.abandoned else { return false }
            state.producerPaused = true
            return true
        }
    }

    /// Hands a chunk to the consumer. Returns false when the consumer is gone (the producer should stop).
    @discardableResult
    package func yield(_ chunk: [UInt8]) -> Bool {
        let action: (CheckedContinuation<[UInt8]?, any Error>?, Bool) = state.withLock { state in
            if state.abandoned { return (nil, false) }
            if let waiter = state.waiter {
                state.waiter = nil
                return (waiter, true)
            }
            state.chunks.append(chunk)
            state.buffered += chunk.count
            return (nil, true)
        }
        action.0?.resume(returning: chunk)
        return action.1
    }

    /// Ends the stream, with an error or cleanly.
    package func finish(throwing error: (any Error)?) {
        let waiter: CheckedContinuation<[UInt8]?, any Error>? = state.withLock { state in
            guard !state.finished else { return nil }
            state.finished = true
            state.error = error
            defer { state.waiter = nil }
            return state.head == state.chunks.count ? state.waiter : nil
        }
        if let waiter {
            if let error { waiter.resume(throwing: error) } else { waiter.resume(returning: nil) }
        }
    }

    func next() async throws -> [UInt8]? {
        try await withCheckedThrowingContinuation { continuation in
            enum Outcome {
                case chunk([UInt8], resumeProducer: Bool)
                case end((any Error)?)
                case wait(resumeProducer: Bool)
            }
            let outcome: Outcome = state.withLock { state in
                if state.head < state.chunks.count {
                    let chunk = state.chunks[state.head]
                    state.head += 1
                    state.buffered -= chunk.count
                    if state.head == state.chunks.count {
                        state.chunks.removeAll(keepingCapacity: true)
                        state.head = 0
                    }
                    var resume = false
                    if state.producerPaused && state.buffered < highWaterMark / 2 {
                        state.producerPaused = false
                        resume = true
                    }
                    return .chunk(chunk, resumeProducer: resume)
                }
                if state.finished { return .end(state.error) }
                state.waiter = continuation
                let resume = state.producerPaused
                state.producerPaused = false
                return .wait(resumeProducer: resume)
            }
            switch outcome {
            case .chunk(let chunk, let resumeProducer):
                if resumeProducer { onDemand() }
                continuation.resume(returning: chunk)
            case .end(let error):
                if let error { continuation.resume(throwing: error) } else { continuation.resume(returning: nil) }
            case .wait(let resumeProducer):
                if resumeProducer { onDemand() }
            }
        }
    }

    func abandon() {
        let notify: Bool = state.withLock { state in
            guard !state.finished, !state.abandoned else { return false }
            state.abandoned = true
            state.chunks.removeAll()
            state.buffered = 0
            return true
        }
        if notify { onAbandon() }
    }
}
