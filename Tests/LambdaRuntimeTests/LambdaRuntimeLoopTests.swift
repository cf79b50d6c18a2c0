import BackfillTesting
import JSON
import LambdaRuntime
import Logging
import Testing
import Timekeeping

/// A handler whose behaviour each test picks.
private struct ScriptedHandler: LambdaHandler {
    let body: @Sendable ([UInt8], LambdaContext) async throws -> [UInt8]
    func handle(_ event: [UInt8], context: LambdaContext) async throws -> [UInt8] { try await body(event, context) }
}

private struct Boom: Error, CustomStringConvertible {
    var description: String { "boom with password=hunter22" }
}

@Suite("The Runtime API loop")
struct LambdaRuntimeLoopTests {
    let environment = try! RuntimeEnvironment(variables: [
        "AWS_LAMBDA_RUNTIME_API": "127.0.0.1:1", "AWS_LAMBDA_FUNCTION_NAME": "fn", "AWS_REGION": "eu-west-1",
    ])
    let sink = InMemoryLogSink()

    func invocation(_ id: String, _ event: String, trace: String? = nil) -> Invocation {
        Invocation(
            requestID: id, deadlineMilliseconds: 1_763_712_030_000, invokedFunctionARN: "arn:fn", traceID: trace,
            event: Array(event.utf8))
    }

    func loop(
        _ client: InMemoryRuntimeClient, _ handler: any LambdaHandler, traces: LockedValue<[String?]> = LockedValue([])
    )
        -> LambdaRuntimeLoop<InMemoryRuntimeClient>
    {
        LambdaRuntimeLoop(
            client: client, handler: handler, environment: environment,
            logger: LambdaRuntime.makeLogger(environment, sink: sink),
            time: ManualTimeSource(now: Timestamp(millisecondsSince1970: 1_763_712_000_000)),
            setTraceID: { trace in traces.withLock { $0.append(trace) } })
    }

    @Test("answers each event and keeps serving after a handler error")
    func successAndFailure() async throws {
        let client = InMemoryRuntimeClient(events: [
            invocation("a", "1"), invocation("b", "fail"), invocation("c", "3"),
        ])
        let handler = ScriptedHandler { event, _ in
            if event == Array("fail".utf8) { throw Boom() }
            return event + event
        }
        let served = try await loop(client, handler).run(maxInvocations: 3)
        #expect(served == 3)
        let reports = await client.reports
        #expect(reports.count == 3)
        #expect(reports[0] == .response(requestID: "a", body: "11"))
        #expect(reports[2] == .response(requestID: "c", body: "33"))
        guard case .error(let id, let error) = reports[1] else {
            Issue.record("expected an error report, got \(reports[1])")
            return
        }
        #expect(id == "b")
        #expect(error.errorType == "Boom")
        #expect(error.errorMessage == "boom with password=[REDACTED]")
    }

    @Test("a malformed event is an InvalidEvent error for a JSON handler")
    func malformedEvent() async throws {
        struct Echo: JSONLambdaHandler {
            func handle(event: JSONValue, context: LambdaContext) async throws -> JSONValue { event }
        }
        let client = InMemoryRuntimeClient(events: [invocation("x", "{not json"), invocation("y", #"{"a":1}"#)])
        try await loop(client, Echo()).run(maxInvocations: 2)
        let reports = await client.reports
        guard case .error(_, let error) = reports.first else {
            Issue.record("expected an error")
            return
        }
        #expect(error.errorType == "InvalidEvent")
        #expect(error.errorMessage.contains("not valid JSON"))
        #expect(reports.last == .response(requestID: "y", body: #"{"a":1}"#))
    }

    @Test("a response over 6 MiB is reported as an error, not truncated")
    func responseTooLarge() async throws {
        let client = InMemoryRuntimeClient(events: [invocation("big", "")])
        let handler = ScriptedHandler { _, _ in [UInt8](repeating: 65, count: 6 * 1024 * 1024 + 1) }
        try await loop(client, handler).run(maxInvocations: 1)
        guard case .error(_, let error) = await client.reports.first else {
            Issue.record("expected an error")
            return
        }
        #expect(error.errorType == "Function.ResponseSizeTooLarge")
    }

    @Test("the context carries request id, deadline, ARN, trace id and remaining time")
    func contextFields() async throws {
        let seen = LockedValue<[String]>([])
        let client = InMemoryRuntimeClient(events: [invocation("r1", "", trace: "Root=1-abc"), invocation("r2", "")])
        let handler = ScriptedHandler { _, context in
            seen.withLock {
                $0.append(
                    "\(context.requestID) \(context.invokedFunctionARN) \(context.traceID ?? "-") "
                        + "\(context.remainingTime.wholeMilliseconds) \(context.functionName) \(context.region)")
            }
            return []
        }
        let traces = LockedValue<[String?]>([])
        try await loop(client, handler, traces: traces).run(maxInvocations: 2)
        #expect(seen.value == ["r1 arn:fn Root=1-abc 30000 fn eu-west-1", "r2 arn:fn - 30000 fn eu-west-1"])
        #expect(traces.value == ["Root=1-abc", nil])
    }

    @Test("a container error from the Runtime API stops the loop")
    func containerError() async throws {
        let client = InMemoryRuntimeClient(
            events: [invocation("a", "")], failRespondWith: RuntimeError(.containerError, "500"))
        await #expect(throws: RuntimeError.self) {
            try await loop(client, ScriptedHandler { _, _ in [] }).run(maxInvocations: 1)
        }
    }

    @Test("SIGTERM during an invocation lets it finish, then the loop stops")
    func shutdownAfterInvocation() async throws {
        let client = InMemoryRuntimeClient(events: [invocation("a", ""), invocation("b", "")])
        let idleExits = LockedValue(0)
        let shutdown = ShutdownSignal(onIdleShutdown: { idleExits.withLock { $0 += 1 } })
        let handler = ScriptedHandler { _, context in
            shutdown.request()
            return Array("\(context.shutdownRequested())".utf8)
        }
        let loop = LambdaRuntimeLoop(
            client: client, handler: handler, environment: environment,
            logger: LambdaRuntime.makeLogger(environment, sink: sink), shutdown: shutdown, setTraceID: { _ in })
        let served = try await loop.run()
        let reports = await client.reports
        #expect(served == 1)
        #expect(reports == [.response(requestID: "a", body: "true")])
        #expect(idleExits.value == 0)
    }
}
