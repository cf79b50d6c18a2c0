import Synchronization
public import Timekeeping

/// Shows progress of long CLI work: a bar redrawn in place on a terminal, or a plain line every `interval`
/// otherwise (logs, CI). Thread-safe; the output goes through `write`.
public final class ProgressReporter: Sendable {
    /// What is being counted (`partitions`, `items`).
    public let label: String
    private let total: Int
    private let isTerminal: Bool
    private let interval: Duration
    private let time: any TimeSource
    private let write: @Sendable (String) -> Void
    private let state: Mutex<(done: Int, failed: Int, lastLine: Timestamp?, started: Timestamp, shown: Int?)>

    /// A reporter for `total` units; on a terminal the bar is `width` cells wide.
    public init(
        label: String,
        total: Int,
        isTerminal: Bool,
        time: any TimeSource,
        interval: Duration = .seconds(10),
        write: @escaping @Sendable (String) -> Void
    ) {
        self.label = label
        self.total = max(0, total)
        self.isTerminal = isTerminal
        self.interval = interval
        self.time = time
        self.write = write
        state = Mutex((done: 0, failed: 0, lastLine: nil, started: time.now, shown: nil))
    }

    /// Counts `count` more units done (`failed` of them failed) and redraws if due.
    public func advance(by count: Int = 1, failed: Int = 0) {
        let now = time.now
        let text: String? = state.withLock { state in
            state.done += count
            state.failed += failed
            let isLast = state.done >= total
            if !isTerminal, let last = state.lastLine, now - last < interval, !isLast { return nil }
            state.lastLine = now
            state.shown = state.done
            return render(done: state.done, failed: state.failed, elapsed: now - state.started)
        }
        if let text { write(text) }
    }

    /// Ends the display (a newline after the bar on a terminal; the last count as a line otherwise, unless that
    /// line was just printed).
    public func finish() {
        let text: String? = state.withLock { state in
            if !isTerminal && state.shown == state.done { return nil }
            let line = render(done: state.done, failed: state.failed, elapsed: time.now - state.started)
            return isTerminal ? line + "\n" : line
        }
        if let text { write(text) }
    }

    /// One rendering: `\r[#####     ] 5/10 50% 1 failed ETA 5s` on a terminal, `label: 5/10 (50%) …\n` otherwise.
    public func render(done: Int, failed: Int, elapsed: Duration) -> String {
        let fraction = total == 0 ? 1 : min(1, Double(done) / Double(total))
        let percent = Int((fraction * 100).rounded(.down))
        var tail = failed > 0 ? " \(failed) failed" : ""
        if done > 0, done < total {
            let eta = elapsed * (Double(total - done) / Double(done))
            tail += " ETA \(JobStatusView.format(eta))"
        }
        guard isTerminal else { return "\(label): \(done)/\(total) (\(percent)%)\(tail)\n" }
        let width = 30
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
        return "\r[\(bar)] \(done)/\(total) \(percent)%\(tail)\u{1B}[K"
    }
}
