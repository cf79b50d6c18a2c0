import AWS
import Analytics
import BackfillCore
import BackfillTesting
import Foundation
import HTTP
import JSON
import LambdaRuntime
import Logging
import Testing

/// A handler built after moto starts (moto needs the Invoke endpoint's port first, the handlers need moto's).
final class DeferredHandler: LambdaHandler {
    let handler = LockedValue<(any LambdaHandler)?>(nil)

    func handle(_ event: [UInt8], context: LambdaContext) async throws -> [UInt8] {
        guard let handler = handler.value else { throw AWSError(.invalidRequest, "handler not wired yet") }
        return try await handler.handle(event, context: context)
    }
}

/// The `AnalyticsBackfill` state machine read out of template.yaml, executed by moto's interpreter with the real
/// handlers behind its Lambda tasks: export → wait → status → aggregate → done.
@Suite("AnalyticsBackfill executed by moto", .serialized)
struct AnalyticsStateMachineTests {
    static let templatePath =
        String(#filePath.dropLast("Tests/IntegrationTests/Analytics/AnalyticsStateMachineTests.swift".count))
        + "template.yaml"

    /// The definition between the BEGIN/END markers, with the function ARNs and parameters substituted.
    static func definition(pollSeconds: Int) throws -> String {
        let template = try String(contentsOfFile: templatePath, encoding: .utf8)
        let lines = template.split(separator: "\n", omittingEmptySubsequences: false)
        guard let begin = lines.firstIndex(where: { $0.contains("BEGIN AnalyticsBackfill") }),
            let end = lines.firstIndex(where: { $0.contains("END AnalyticsBackfill") })
        else { throw AWSError(.invalidRequest, "no AnalyticsBackfill definition in template.yaml") }
        var text = lines[(begin - 1)...(end + 3)].map { String($0.drop { $0 == " " }) }.joined(separator: "\n")
        let substitutions = [
            "${AnalyticsExportFunction.Arn}": "arn:aws:lambda:us-east-1:123456789012:function:AnalyticsExportFunction",
            "${AnalyticsAggregateFunction.Arn}":
                "arn:aws:lambda:us-east-1:123456789012:function:AnalyticsAggregateFunction",
            "${AnalyticsExportPollSeconds}": String(pollSeconds), "${AnalyticsMaxWaitSeconds}": "600",
        ]
        for (name, value) in substitutions { text = text.replacingOccurrences(of: name, with: value) }
        return text
    }

    @Test("the template's definition parses and names both functions")
    func definitionParses() throws {
        let parsed = try JSONParser.parse(Array(try Self.definition(pollSeconds: 1).utf8))
        #expect(parsed["StartAt"] == "StartExport")
        #expect(parsed["States"]?["WaitForExport"]?["Seconds"] == 1)
    }

    @Test("a backfill runs export, status poll and aggregation through the real handlers")
    func execute() async throws {
        let export = DeferredHandler()
        let aggregate = DeferredHandler()
        let endpoint = try LambdaInvokeEndpoint(functions: [
            "AnalyticsExportFunction": export, "AnalyticsAggregateFunction": aggregate,
        ])
        defer { endpoint.stop() }
        try await AnalyticsStack.with(motoEnvironment: ["MOTO_PORT": String(endpoint.port)]) { stack in
            let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
            let setup = HandlerSetup(variables: stack.environment, logger: logger)
            export.handler.withLock { $0 = try? AnalyticsFamily.makeExport(setup) }
            aggregate.handler.withLock { $0 = try? AnalyticsFamily.makeAggregate(setup) }
            try await stack.moto.configureMock(
                path: "/moto-api/config", json: #"{"stepfunctions":{"execute_state_machine":true}}"#)
            try await CurlHTTPClient.withClient { http in
                let sfn = StepFunctionsClient(
                    client: AWSClient(configuration: stack.moto.configuration(), transport: http))
                let machine = try await sfn.createStateMachine(
                    name: "AnalyticsBackfill", definition: try Self.definition(pollSeconds: 1),
                    roleARN: "arn:aws:iam::123456789012:role/states")
                let execution = try await sfn.startExecution(
                    stateMachineARN: machine, input: #"{"mode":"backfill","backfillStartDate":"2025-01-17"}"#)
                var described = try await sfn.describeExecution(executionARN: execution)
                for _ in 0..<600 where !described.isFinished {
                    try await Task.sleep(for: .milliseconds(100))  // a real interpreter in another process
                    described = try await sfn.describeExecution(executionARN: execution)
                }
                #expect(described.status == "SUCCEEDED", "\(described)")
                let output = try JSONParser.parse(described.output ?? "")
                #expect(output["export"]?["exportArn"]?.stringValue != nil)
                #expect(output["aggregate"]?["body"]?["items"] == 3_000)
                #expect(output["aggregate"]?["body"]?["mode"] == "backfill")
                let calls = endpoint.invocations.map(\.function)
                #expect(calls.first == "AnalyticsExportFunction", "\(calls)")
                #expect(calls.last == "AnalyticsAggregateFunction", "\(calls)")
            }
        }
    }
}
