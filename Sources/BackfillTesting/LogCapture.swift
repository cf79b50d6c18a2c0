public import BackfillCore
public import Logging
import Synchronization

/// Collects log messages (`level message key=value …`) and CloudWatch EMF lines in memory, for assertions.
public final class LogCapture: Sendable {
    private let state = Mutex<(messages: [String], lines: [String])>((messages: [], lines: []))

    public init() {}

    /// Every log message so far.
    public var messages: [String] { state.withLock { $0.messages } }
    /// Every EMF line so far.
    public var lines: [String] { state.withLock { $0.lines } }

    /// Records a log message.
    public func append(message: String) { state.withLock { $0.messages.append(message) } }
    /// Records an EMF line.
    public func append(line: String) { state.withLock { $0.lines.append(line) } }

    /// A logger writing into this capture at trace level.
    public var logger: Logger {
        Logger(label: "test") { _ in CapturingLogHandler(capture: self) }
    }

    /// A metrics emitter writing into this capture.
    public var metrics: MetricsEmitter {
        MetricsEmitter(dimensions: [("Handler", "test")]) { [self] line in append(line: line) }
    }
}

/// The log handler behind ``LogCapture/logger``.
struct CapturingLogHandler: LogHandler {
    let capture: LogCapture
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        capture.append(message: "\(event.level) \(event.message) \(fields)")
    }
}
