import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The write end of the pipe the SIGTERM handler signals through (a C signal handler cannot capture context).
private nonisolated(unsafe) var shutdownPipeWriteFD: Int32 = -1

/// Tracks SIGTERM. While the runtime waits for an event, SIGTERM ends the process at once (after flushing);
/// during an invocation it only sets a flag the handler can read (`LambdaContext.shutdownRequested`), and the
/// loop exits after reporting that invocation's result.
///
/// The signal handler only writes a byte to a pipe (async-signal-safe); a watcher thread, which unblocks SIGTERM
/// for itself, reads it and acts. So the signal is handled even when the process inherited SIGTERM blocked, or
/// every other thread (libdispatch's workers) blocks it.
public final class ShutdownSignal: Sendable {
    private let state = Mutex<(requested: Bool, busy: Bool)>((requested: false, busy: false))
    private let onIdleShutdown: @Sendable () -> Void

    /// - Parameter onIdleShutdown: what to do when SIGTERM arrives between invocations (flush and exit).
    public init(onIdleShutdown: @escaping @Sendable () -> Void) {
        self.onIdleShutdown = onIdleShutdown
    }

    /// Starts listening for SIGTERM (once per process).
    public func install() {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return }
        shutdownPipeWriteFD = fds[1]
        let readFD = fds[0]
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            var byte: UInt8 = 1
            _ = write(shutdownPipeWriteFD, &byte, 1)
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(SIGTERM, &action, nil)
        DetachedThread.start { [self] in
            var set = sigset_t()
            sigemptyset(&set)
            sigaddset(&set, SIGTERM)
            pthread_sigmask(SIG_UNBLOCK, &set, nil)
            var byte: UInt8 = 0
            while true {
                let count = read(readFD, &byte, 1)
                if count == 1 {
                    request()
                } else if count < 0 && errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
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
