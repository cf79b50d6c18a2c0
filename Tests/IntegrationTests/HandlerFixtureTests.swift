import BackfillCore
import BackfillTesting
import HandlerRegistry
import JSON
import LambdaRuntime
import Logging
import Testing

/// Every registered handler's fixture events (`Tests/Fixtures/events/<handler>/*.json` with
/// `expectations.json`), through the handler in-process and through the real `bootstrap` under the Runtime API
/// emulator, against the stand-ins its stage declares.
@Suite("handler fixture events", .serialized)
struct HandlerFixtureTests {
    static let directory =
        String(#filePath.dropLast("IntegrationTests/HandlerFixtureTests.swift".count)) + "Fixtures/events"

    @Test("every event of every registered handler, in-process and through bootstrap", arguments: HandlerRegistry.names)
    func fixtures(handler: String) async throws {
        let fixtures = try FixtureEvent.load(handler: handler, directory: Self.directory)
        #expect(fixtures.count >= 3, "\(handler) needs fixture events of its users' payloads")
        let staged = try await FixtureStage.with(handler: handler) { environment in
            try await Self.inProcess(handler, fixtures, environment)
            try await Self.throughBootstrap(handler, fixtures, environment)
        }
        #expect(staged, "no fixture stage for \(handler): add one to FixtureStage")
    }

    /// The fixtures' invocation timeout: Lambda's longest (15 minutes).
    static let functionTimeout = Duration.seconds(900)

    static func inProcess(_ handler: String, _ fixtures: [FixtureEvent], _ environment: [String: String]) async throws {
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let setup = HandlerSetup(variables: environment, logger: logger)
        let built = try await HandlerRegistry.makeHandler(name: handler, setup: setup)
        let runtime = RuntimeEnvironment.local(variables: environment, handler: handler)
        let invoker = LocalInvoker(handler: built, environment: runtime, logger: logger)
        for fixture in fixtures {
            // Lambda's longest timeout: a deadline stop must not depend on how loaded the machine running the suite is.
            let result = await invoker.invoke(
                event: fixture.event, timeout: Self.functionTimeout, requestID: fixture.name)
            let problems: [String]
            let answer: String
            switch result {
            case .success(let body):
                problems = fixture.problems(response: body, errorType: nil, errorMessage: nil)
                answer = String(decoding: body, as: UTF8.self)
            case .failure(let error):
                problems = fixture.problems(response: nil, errorType: error.errorType, errorMessage: error.errorMessage)
                answer = "\(error.errorType): \(error.errorMessage)"
            }
            #expect(problems.isEmpty, "in-process: \(problems); answer: \(answer.prefix(1_500))")
        }
    }

    static func throughBootstrap(
        _ handler: String,
        _ fixtures: [FixtureEvent],
        _ environment: [String: String]
    ) async throws {
        let emulator = try RuntimeAPIEmulator(functionTimeoutSeconds: Int(Self.functionTimeout.components.seconds))
        var variables = environment
        variables["AWS_LAMBDA_RUNTIME_API"] = emulator.runtimeAPI
        variables["_HANDLER"] = handler
        let process = try ChildProcess(
            executable: ChildProcess.buildProductsDirectory() + "/bootstrap", environment: variables)
        defer {
            process.stop()
            emulator.stop()
        }
        for fixture in fixtures {
            let answer = await emulator.invoke(
                String(decoding: fixture.event, as: UTF8.self),
                timeoutSeconds: Double(Self.functionTimeout.components.seconds))
            let outcome = try #require(answer, "no answer to \(fixture.name); stderr: \(process.standardError)")
            let problems: [String]
            switch outcome {
            case .response(let body): problems = fixture.problems(response: body, errorType: nil, errorMessage: nil)
            case .error(let type, let body):
                let message = (try? JSONParser.parse(body))?["errorMessage"]?.stringValue
                problems = fixture.problems(response: nil, errorType: type, errorMessage: message)
            }
            #expect(problems.isEmpty, "bootstrap: \(problems)")
        }
        #expect(process.isRunning, "bootstrap must keep serving after every fixture")
    }
}
