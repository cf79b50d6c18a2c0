import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Tracks SIGTERM. While the runtime waits for an event, SIGTERM ends the process at once (after flushing);
/// during an invocation it only sets a flag the handler can read (`LambdaContext.shutdownRequested`), and the
/// loop exits after reporting that invocation's result.
public final class ShutdownSignal: Sendable {
    private let state = Mutex<(requested: Bool, busy: Bool)>((requested: false, busy: false))
    private let onIdleShutdown: @Sendable () -> Void
    private nonisolated(unsafe) var source: (any DispatchSourceSignal)?

    /// - Parameter onIdleShutdown: what to do when SIGTERM arrives between invocations (flush and exit).
    public init(onIdleShutdown: @escaping @Sendable () -> Void) {
        self.onIdleShutdown = onIdleShutdown
    }

    /// Starts listening for SIGTERM.
    public func install() {
        signal(SIGTERM, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGTERM, queue: .global())
        source.setEventHandler { [weak self] in self?.request() }
        source.resume()
        self.source = source
    }

    /// Records a shutdown request (what SIGTERM does); exits at once when idle.
    public func request() {
        let idle = state.withLock { state -> Bool in
            state.requested = true
            return !state.busy
        }
        if idle { onIdleShutdown() }
    }

    public var isRequested: Bool { state.withLock { $0.requested } }

    /// Marks the start of an invocation.
    func beginInvocation() { state.withLock { $0.busy = true } }

    /// Marks the end of an invocation; returns whether the loop should stop.
    func endInvocation() -> Bool {
        state.withLock { state in
            state.busy = false
            return state.requested
        }
    }
}
