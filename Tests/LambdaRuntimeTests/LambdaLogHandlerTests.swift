import BackfillTesting
import JSON
import LambdaRuntime
import Logging
import Testing
import Timekeeping

@Suite("Lambda log formats")
struct LambdaLogHandlerTests {
    let time = ManualTimeSource(now: Timestamp(millisecondsSince1970: 1_440_938_160_000))

    func logger(_ format: RuntimeEnvironment.LogFormat, _ level: Logger.Level, _ sink: InMemoryLogSink) -> Logger {
        var logger = Logger(label: "t") { _ in LambdaLogHandler(format: format, level: level, sink: sink, time: time) }
        logger[metadataKey: "requestId"] = "req-1"
        return logger
    }

    @Test("JSON lines carry timestamp, level, message, requestId and fields")
    func jsonFormat() throws {
        let sink = InMemoryLogSink()
        logger(.json, .info, sink).warning("partition done", metadata: ["partition": "2025-11", "records": "42"])
        let line = try #require(sink.lines.first)
        let value = try JSONParser.parse(line)
        #expect(value["timestamp"] == "2015-08-30T12:36:00.000Z")
        #expect(value["level"] == "WARN")
        #expect(value["message"] == "partition done")
        #expect(value["requestId"] == "req-1")
        #expect(value["partition"] == "2025-11")
        #expect(value["records"] == "42")
    }

    @Test("levels below the configured one are dropped")
    func levels() {
        let sink = InMemoryLogSink()
        let log = logger(.text, .warning, sink)
        log.info("hidden")
        log.debug("hidden")
        log.error("shown")
        #expect(sink.lines == ["2015-08-30T12:36:00.000Z ERROR req-1 shown"])
    }

    @Test("secrets are redacted from messages and secret-named fields")
    func redaction() {
        let sink = InMemoryLogSink()
        logger(.text, .info, sink).info("calling ?api_key=abcdef123456&x=1", metadata: ["apiKey": "abcdef123456"])
        #expect(sink.lines.count == 1)
        #expect(!sink.lines[0].contains("abcdef123456"))
        #expect(sink.lines[0].contains("api_key=[REDACTED]"))
    }

    @Test("AWS_LAMBDA_LOG_FORMAT and AWS_LAMBDA_LOG_LEVEL are parsed")
    func environmentParsing() throws {
        let environment = try RuntimeEnvironment(variables: [
            "AWS_LAMBDA_RUNTIME_API": "x:1", "AWS_LAMBDA_LOG_FORMAT": "JSON", "AWS_LAMBDA_LOG_LEVEL": "debug",
        ])
        #expect(environment.logFormat == .json)
        #expect(environment.logLevel == .debug)
        #expect(throws: RuntimeError.self) { try RuntimeEnvironment(variables: [:]) }
    }
}
