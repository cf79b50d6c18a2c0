import BackfillTesting
import HandlerRegistry
import JSON
import LambdaRuntime
import Logging
import Testing

/// Every fixture event of `diagnostics`, through the handler in-process and through `bootstrap` under the
/// Runtime API emulator.
@Suite("diagnostics fixture events")
struct DiagnosticsFixtureTests {
    static let directory =
        String(#filePath.dropLast("IntegrationTests/DiagnosticsFixtureTests.swift".count))
        + "Fixtures/events"

    @Test("through the handler")
    func throughHandler() async throws {
        let fixtures = try FixtureEvent.load(handler: "diagnostics", directory: Self.directory)
        #expect(fixtures.count >= 5)
        let environment = RuntimeEnvironment.local(variables: [:], handler: "diagnostics")
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let handler = try await HandlerRegistry.makeHandler(environment: environment, logger: logger)
        let invoker = LocalInvoker(handler: handler, environment: environment, logger: logger)
        for fixture in fixtures {
            let result = await invoker.invoke(event: fixture.event, timeout: .seconds(30), requestID: fixture.name)
            let problems: [String]
            switch result {
            case .success(let body): problems = fixture.problems(response: body, errorType: nil, errorMessage: nil)
            case .failure(let error):
                problems = fixture.problems(response: nil, errorType: error.errorType, errorMessage: error.errorMessage)
            }
            #expect(problems.isEmpty, "\(problems)")
        }
    }

    @Test("through bootstrap and the Runtime API")
    func throughRuntime() async throws {
        let fixtures = try FixtureEvent.load(handler: "diagnostics", directory: Self.directory)
        let emulator = try RuntimeAPIEmulator()
        let process = try ChildProcess(
            executable: ChildProcess.buildProductsDirectory() + "/bootstrap",
            environment: ["AWS_LAMBDA_RUNTIME_API": emulator.runtimeAPI, "_HANDLER": "diagnostics"])
        defer {
            process.stop()
            emulator.stop()
        }
        for fixture in fixtures {
            let outcome = try #require(await emulator.invoke(String(decoding: fixture.event, as: UTF8.self)))
            let problems: [String]
            switch outcome {
            case .response(let body): problems = fixture.problems(response: body, errorType: nil, errorMessage: nil)
            case .error(let type, let body):
                let message = (try? JSONParser.parse(body))?["errorMessage"]?.stringValue
                problems = fixture.problems(response: nil, errorType: type, errorMessage: message)
            }
            #expect(problems.isEmpty, "\(problems)")
        }
        #expect(process.isRunning)
    }
}
