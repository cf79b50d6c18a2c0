import Synchronization
public import Timekeeping

/// The CLI's one progress display for every handler family: turns ``RunEvent``s into a ``ProgressReporter``
/// (a bar with counts and ETA on a terminal, plain lines otherwise), created once the plan is known.
public final class ProgressRenderer: Sendable {
    private let isTerminal: Bool
    private let time: any TimeSource
    private let write: @Sendable (String) -> Void
    private let reporter = Mutex<ProgressReporter?>(nil)

    /// A renderer writing through `write` (the CLI passes stderr).
    public init(
        isTerminal: Bool, time: any TimeSource = SystemTimeSource(), write: @escaping @Sendable (String) -> Void
    ) {
        self.isTerminal = isTerminal
        self.time = time
        self.write = write
    }

    /// Takes one event; use it as the runner's ``RunEventSink``.
    public func handle(_ event: RunEvent) {
        switch event {
        case .planned(_, let total, let toRun):
            write("\(toRun) of \(total) partitions to process\n")
            let isTerminal = self.isTerminal
            let time = self.time
            let write = self.write
            reporter.withLock {
                $0 = ProgressReporter(
                    label: "partitions", total: toRun, isTerminal: isTerminal, time: time, write: write)
            }
        case .partitionFinished(_, let report):
            reporter.withLock { $0?.advance(failed: report.result?.status == .failed ? 1 : 0) }
        case .partitionStarted:
            break
        case .stopped:
            finish()
        }
    }

    /// Ends the display (idempotent).
    public func finish() {
        let current = reporter.withLock { current -> ProgressReporter? in
            defer { current = nil }
            return current
        }
        current?.finish()
    }
}
