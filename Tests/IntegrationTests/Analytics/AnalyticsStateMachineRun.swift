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

/// One execution of the template's `AnalyticsBackfill` in moto's interpreter, on a fresh `AnalyticsStack`, with the
/// real handlers behind its Lambda tasks: what it answered, the analytics table after it, and the invocations.
struct AnalyticsStateMachineRun: Sendable {
    /// The execution's status (`SUCCEEDED`, …) and output.
    var status: String
    var output: JSONValue
    /// The analytics table afterwards, by `date|app`.
    var rows: [String: DynamoDBItem]
    /// Every Lambda invocation, in order.
    var invocations: [LambdaInvokeEndpoint.Invocation]

    /// Runs a backfill from 2025-01-17; `shape` adjusts the aggregator's configuration (partition and fan-out
    /// thresholds) before the handler is built.
    static func execute(
        input: String = #"{"mode":"backfill","backfillStartDate":"2025-01-17"}"#,
        shape: @Sendable (inout AnalyticsAggregateConfiguration) -> Void = { _ in }
    ) async throws -> AnalyticsStateMachineRun {
        let export = DeferredHandler()
        let aggregate = DeferredHandler()
        let endpoint = try LambdaInvokeEndpoint(functions: [
            "AnalyticsExportFunction": export, "AnalyticsAggregateFunction": aggregate,
        ])
        defer { endpoint.stop() }
        return try await AnalyticsStack.with(motoEnvironment: ["MOTO_PORT": String(endpoint.port)]) { stack in
            endpoint.forwardOtherCalls(to: stack.moto.configuration())  // a Distributed Map's ItemReader
            let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
            let setup = HandlerSetup(variables: stack.environment, logger: logger)
            var configuration = try AnalyticsAggregateConfiguration(environment: stack.environment)
            shape(&configuration)
            let exporter = try AnalyticsFamily.makeExport(setup)
            let aggregator = try AnalyticsFamily.makeAggregate(setup, configuration: configuration)
            export.handler.withLock { $0 = exporter }
            aggregate.handler.withLock { $0 = aggregator }
            try await stack.moto.configureMock(
                path: "/moto-api/config", json: #"{"stepfunctions":{"execute_state_machine":true}}"#)
            let described = try await CurlHTTPClient.withClient { http in
                let sfn = StepFunctionsClient(
                    client: AWSClient(configuration: stack.moto.configuration(), transport: http))
                let machine = try await sfn.createStateMachine(
                    name: "AnalyticsBackfill", definition: try AnalyticsStateMachineTests.definition(pollSeconds: 1),
                    roleARN: "arn:aws:iam::123456789012:role/states")
                let execution = try await sfn.startExecution(stateMachineARN: machine, input: input)
                var described = try await sfn.describeExecution(executionARN: execution)
                for _ in 0..<1_200 where !described.isFinished {
                    try await Task.sleep(for: .milliseconds(100))  // a real interpreter in another process
                    described = try await sfn.describeExecution(executionARN: execution)
                }
                return described
            }
            return AnalyticsStateMachineRun(
                status: described.status, output: (try? JSONParser.parse(described.output ?? "")) ?? .null,
                rows: try await AnalyticsMotoTests.table(stack), invocations: endpoint.invocations)
        }
    }

    /// The actions the aggregator was invoked with (`plan`, `aggregatePartition`, `merge`, or `aggregate` for a
    /// whole-export event), in order.
    var aggregatorActions: [String] {
        invocations.filter { $0.function == "AnalyticsAggregateFunction" }.map {
            $0.payloadJSON["action"]?.stringValue ?? "aggregate"
        }
    }

    /// The rows' four metrics and export ARN (not `updated_at`), for comparing two runs.
    var metrics: [String: [String: DynamoDBValue]] {
        rows.mapValues { item in
            var kept: [String: DynamoDBValue] = [:]
            for name in ["ActiveUsers", "GamesPlayed", "PartiesCreated", "PartiesJoined", "export_arn"] {
                kept[name] = item[name]
            }
            return kept
        }
    }
}
