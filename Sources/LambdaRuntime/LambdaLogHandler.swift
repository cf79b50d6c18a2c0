import JSON
public import Logging
import Redaction
import Synchronization
public import Timekeeping

#if canImport(Glibc)
    import Glibc
#endif

/// Where formatted log lines go: standard output in Lambda, memory in tests.
public protocol LogLineSink: Sendable {
    func write(line: String)
}

/// Writes each line to standard output with one `write(2)`, so lines from concurrent tasks never interleave.
public struct StandardOutputSink: LogLineSink {
    public init() {}

    public func write(line: String) {
        var bytes = Array(line.utf8)
        bytes.append(0x0A)
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(1, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }
}

/// Keeps lines in memory, for tests.
public final class InMemoryLogSink: LogLineSink {
    private let storage = Mutex<[String]>([])
    public init() {}
    public func write(line: String) { storage.withLock { $0.append(line) } }
    public var lines: [String] { storage.withLock { $0 } }
}

/// swift-log handler producing Lambda's log formats: plain text by default, or one JSON object per line with
/// `timestamp` (RFC 3339), `level`, `message`, `requestId` and the metadata as fields when
/// `AWS_LAMBDA_LOG_FORMAT=JSON`. Every message and value passes through the secret redactor.
public struct LambdaLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    private let format: RuntimeEnvironment.LogFormat
    private let sink: any LogLineSink
    private let time: any TimeSource
    private let redactor = SecretRedactor()

    public init(
        format: RuntimeEnvironment.LogFormat, level: Logger.Level, sink: any LogLineSink = StandardOutputSink(),
        time: any TimeSource = SystemTimeSource()
    ) {
        self.format = format
        self.logLevel = level
        self.sink = sink
        self.time = time
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        let timestamp = time.now.iso8601
        let level = Self.lambdaName(event.level)
        let message = redactor.redact("\(event.message)")
        switch format {
        case .json:
            var line = "{\"timestamp\":\"\(timestamp)\",\"level\":\"\(level)\",\"message\":" + Self.quoted(message)
            if let requestID = merged.removeValue(forKey: "requestId") {
                line += ",\"requestId\":" + Self.quoted("\(requestID)")
            }
            for key in merged.keys.sorted() {
                line += "," + Self.quoted(key) + ":" + Self.quoted(redactValue(key: key, merged[key]!))
            }
            sink.write(line: line + "}")
        case .text:
            var line = "\(timestamp) \(level)"
            if let requestID = merged.removeValue(forKey: "requestId") { line += " \(requestID)" }
            line += " " + message
            for key in merged.keys.sorted() { line += " \(key)=\(redactValue(key: key, merged[key]!))" }
            sink.write(line: line)
        }
    }

    private func redactValue(key: String, _ value: Logger.Metadata.Value) -> String {
        SecretRedactor.isSecretField(key) ? SecretRedactor.mask : redactor.redact("\(value)")
    }

    /// Lambda's level names for swift-log's levels.
    static func lambdaName(_ level: Logger.Level) -> String {
        switch level {
        case .trace: "TRACE"
        case .debug: "DEBUG"
        case .info, .notice: "INFO"
        case .warning: "WARN"
        case .error: "ERROR"
        case .critical: "FATAL"
        }
    }

    /// swift-log's level for `AWS_LAMBDA_LOG_LEVEL`.
    public static func level(_ name: RuntimeEnvironment.LogLevelName) -> Logger.Level {
        switch name {
        case .trace: .trace
        case .debug: .debug
        case .info: .info
        case .warn: .warning
        case .error: .error
        case .fatal: .critical
        }
    }

    /// `text` as a JSON string literal.
    static func quoted(_ text: String) -> String {
        JSONValue.string(text).serialized()
    }
}

/// Writes each line to standard error (the CLI keeps standard output for results).
public struct StandardErrorSink: LogLineSink {
    public init() {}

    public func write(line: String) {
        let bytes = Array((line + "\n").utf8)
        bytes.withUnsafeBytes { _ = Glibc.write(2, $0.baseAddress!, $0.count) }
    }
}
