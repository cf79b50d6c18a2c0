import AWS
import BackfillTesting
import DiagnosticsHandler
import HTTP
import JSON
import Testing

/// moto's Step Functions interpreter executing a definition whose Task states invoke our real handlers through
/// the loopback Lambda Invoke endpoint (`MOTO_PORT`): the harness the analytics and tenant state machines are
/// tested with.
@Suite("Step Functions definitions executed by moto with our handlers behind the Lambda tasks", .serialized)
struct StepFunctionsMotoTests {
    static let definition = """
        {
          "StartAt": "Smoke",
          "States": {
            "Smoke": {
              "Type": "Task",
              "Resource": "arn:aws:states:::lambda:invoke",
              "Parameters": {"FunctionName": "DiagnosticsFunction", "Payload": {"echo": true, "from.$": "$.from"}},
              "ResultSelector": {"handler.$": "$.Payload.handler", "event.$": "$.Payload.event"},
              "Next": "Drill"
            },
            "Drill": {
              "Type": "Task",
              "Resource": "arn:aws:states:::lambda:invoke",
              "Parameters": {"FunctionName": "DiagnosticsFunction", "Payload": {"fail": "alarm drill"}},
              "Retry": [{"ErrorEquals": ["DiagnosticsRequestedFailure"], "MaxAttempts": 2, "IntervalSeconds": 1}],
              "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.caught", "Next": "Done"}],
              "ResultPath": "$.drill",
              "Next": "Done"
            },
            "Done": {"Type": "Pass", "End": true}
          }
        }
        """

    @Test("a Task result flows on; a failing Task is retried, then caught")
    func execute() async throws {
        let endpoint = try LambdaInvokeEndpoint(functions: ["DiagnosticsFunction": DiagnosticsHandler()])
        defer { endpoint.stop() }
        try await MotoServer.withServer(environment: ["MOTO_PORT": String(endpoint.port)]) { moto in
            try await moto.configureMock(
                path: "/moto-api/config", json: #"{"stepfunctions":{"execute_state_machine":true}}"#)
            try await CurlHTTPClient.withClient { http in
                let sfn = StepFunctionsClient(client: AWSClient(configuration: moto.configuration(), transport: http))
                let machine = try await sfn.createStateMachine(
                    name: "smoke", definition: Self.definition,
                    roleARN: "arn:aws:iam::123456789012:role/states")
                let execution = try await sfn.startExecution(stateMachineARN: machine, input: #"{"from":"test"}"#)
                var described = try await sfn.describeExecution(executionARN: execution)
                for _ in 0..<300 where !described.isFinished {
                    try await Task.sleep(for: .milliseconds(100))  // a real interpreter in another process
                    described = try await sfn.describeExecution(executionARN: execution)
                }
                #expect(described.status == "SUCCEEDED", "\(described)")
                let output = try JSONParser.parse(described.output ?? "")
                #expect(output["handler"] == "diagnostics")
                #expect(output["event"]?["from"] == "test")  // the Task's payload, through the real handler
                #expect(output["caught"]?["Error"] == "DiagnosticsRequestedFailure")
                let calls = endpoint.invocations.map(\.function)
                #expect(calls == Array(repeating: "DiagnosticsFunction", count: 4), "\(calls)")  // 1 + 3 attempts
            }
        }
    }
}
