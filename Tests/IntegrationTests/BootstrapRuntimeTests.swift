import BackfillTesting
import JSON
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Drives the real `bootstrap` binary as a subprocess against the local Runtime API emulator.
@Suite("bootstrap under the Runtime API emulator", .serialized)
struct BootstrapRuntimeTests {
    /// Starts an emulator and a bootstrap process for `handler`.
    func start(handler: String?, extra: [String: String] = [:]) throws -> (RuntimeAPIEmulator, ChildProcess) {
        let emulator = try RuntimeAPIEmulator()
        var environment = ["AWS_LAMBDA_RUNTIME_API": emulator.runtimeAPI, "AWS_REGION": "us-east-1"]
        if let handler { environment["_HANDLER"] = handler }
        environment.merge(extra) { $1 }
        let process = try ChildProcess(
            executable: ChildProcess.buildProductsDirectory() + "/bootstrap", environment: environment)
        return (emulator, process)
    }

    func stop(_ emulator: RuntimeAPIEmulator, _ process: ChildProcess) {
        process.stop()
        emulator.stop()
    }

    @Test("a successful invocation returns the handler's JSON")
    func success() async throws {
        let (emulator, process) = try start(handler: "diagnostics")
        defer { stop(emulator, process) }
        let outcome = try #require(await emulator.invoke(#"{"echo":true,"n":1}"#, traceID: "Root=1-5e1b4151-abc"))
        guard case .response(let body) = outcome else {
            Issue.record("expected a response, got \(outcome.bodyText); stderr: \(process.standardError)")
            return
        }
        let value = try JSONParser.parse(body)
        #expect(value["handler"] == "diagnostics")
        #expect(value["traceId"] == "Root=1-5e1b4151-abc")
        #expect(value["event"]?["n"] == 1)
        #expect((value["remainingMs"]?.intValue ?? 0) > 25_000)
    }

    @Test("a handler error is reported with its type, and the process keeps serving")
    func handlerError() async throws {
        let (emulator, process) = try start(handler: "diagnostics")
        defer { stop(emulator, process) }
        let failed = try #require(await emulator.invoke(#"{"fail":"alarm check"}"#))
        guard case .error(let type, let body) = failed else {
            Issue.record("expected an error, got \(failed)")
            return
        }
        #expect(type == "DiagnosticsRequestedFailure")
        let document = try JSONParser.parse(body)
        #expect(document["errorMessage"] == "alarm check")
        #expect(document["errorType"] == "DiagnosticsRequestedFailure")
        #expect(document["stackTrace"] == [])
        let next = try #require(await emulator.invoke("{}"))
        #expect(next.bodyText.contains("\"handler\":\"diagnostics\""))
        #expect(process.isRunning)
    }

    @Test("malformed JSON is an InvalidEvent error, never a crash")
    func malformedJSON() async throws {
        let (emulator, process) = try start(handler: "diagnostics")
        defer { stop(emulator, process) }
        let outcome = try #require(await emulator.invoke(#"{"months": 13,"#))
        guard case .error(let type, let body) = outcome else {
            Issue.record("expected an error, got \(outcome)")
            return
        }
        #expect(type == "InvalidEvent")
        #expect(String(decoding: body, as: UTF8.self).contains("not valid JSON"))
        #expect(try #require(await emulator.invoke("[]")).bodyText.contains("diagnostics"))
    }

    @Test("a 7 MiB event is handled, and echoing it back is a size error, not a truncated response")
    func largeEvent() async throws {
        let (emulator, process) = try start(handler: "diagnostics")
        defer { stop(emulator, process) }
        let padding = String(repeating: "x", count: 7 * 1024 * 1024)
        let plain = try #require(await emulator.invoke(#"{"pad":"\#(padding)"}"#, timeoutSeconds: 60))
        #expect(plain.bodyText.contains("\"handler\":\"diagnostics\""))
        let echoed = try #require(await emulator.invoke(#"{"echo":true,"pad":"\#(padding)"}"#, timeoutSeconds: 60))
        guard case .error(let type, _) = echoed else {
            Issue.record("expected an error for a 7 MiB response")
            return
        }
        #expect(type == "Function.ResponseSizeTooLarge")
        #expect(process.isRunning)
    }

    @Test("an unknown handler is an init error naming the valid handlers, then the process exits")
    func unknownHandler() async throws {
        let (emulator, process) = try start(handler: "cost-backfil")
        defer { stop(emulator, process) }
        let initError = try #require(emulator.waitForInitError(timeoutSeconds: 10))
        #expect(initError.errorType == "Runtime.UnknownHandler")
        #expect(initError.body.contains("unknown _HANDLER 'cost-backfil'"))
        #expect(initError.body.contains("diagnostics"))
        let code = process.waitForExit(timeoutSeconds: 10)
        #expect(code != nil && code != 0)
    }

    @Test("a missing _HANDLER is an init error too")
    func missingHandler() async throws {
        let (emulator, process) = try start(handler: nil)
        defer { stop(emulator, process) }
        let initError = try #require(emulator.waitForInitError(timeoutSeconds: 10))
        #expect(initError.body.contains("_HANDLER is not set"))
        #expect(process.waitForExit(timeoutSeconds: 10).map { $0 != 0 } == true)
    }

    @Test("a 500 from the Runtime API makes the runtime exit promptly")
    func containerError() async throws {
        let (emulator, process) = try start(handler: "diagnostics")
        defer { stop(emulator, process) }
        #expect(try #require(await emulator.invoke("{}")).bodyText.contains("diagnostics"))
        // Once the runtime waits on /next again, one more event releases it and its next poll gets a 500.
        #expect(emulator.waitForNextRequests(2, timeoutSeconds: 10))
        emulator.failNextPollsWith500()
        #expect(try #require(await emulator.invoke("{}", timeoutSeconds: 10)).bodyText.contains("diagnostics"))
        let code = process.waitForExit(timeoutSeconds: 10)
        #expect(code != nil && code != 0)
    }

    @Test("50 invocations in a row use one connection")
    func manyInvocationsOneConnection() async throws {
        let (emulator, process) = try start(handler: "diagnostics")
        defer { stop(emulator, process) }
        var ids = Set<String>()
        for index in 0..<50 {
            let outcome = try #require(await emulator.invoke(#"{"i":\#(index)}"#))
            ids.insert(try JSONParser.parse(outcome.bodyText)["requestId"]?.stringValue ?? "")
        }
        #expect(ids.count == 50)
        #expect(emulator.connectionsAccepted == 1)
    }

    @Test("SIGTERM while waiting for an event exits cleanly")
    func sigterm() async throws {
        let (emulator, process) = try start(handler: "diagnostics")
        defer { stop(emulator, process) }
        #expect(emulator.waitForFirstNext(timeoutSeconds: 10) != nil)
        process.signal(SIGTERM)
        #expect(process.waitForExit(timeoutSeconds: 5) == 0)
    }

    @Test("JSON logs carry the request id when AWS_LAMBDA_LOG_FORMAT=JSON")
    func jsonLogs() async throws {
        let (emulator, process) = try start(handler: "diagnostics", extra: ["AWS_LAMBDA_LOG_FORMAT": "JSON"])
        defer { stop(emulator, process) }
        let outcome = try #require(await emulator.invoke("{}"))
        let requestID = try JSONParser.parse(outcome.bodyText)["requestId"]
        process.stop()
        let lines = process.standardOutput.split(separator: "\n")
        let parsed = lines.compactMap { try? JSONParser.parse(String($0)) }
        #expect(!lines.isEmpty && parsed.count == lines.count)
        #expect(parsed.contains { $0["requestId"] == requestID && $0["level"] == "INFO" })
    }
}
