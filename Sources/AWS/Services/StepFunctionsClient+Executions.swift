import JSON

/// An execution as DescribeExecution reports it.
public struct StepFunctionsExecution: Sendable, Hashable {
    /// `RUNNING`, `SUCCEEDED`, `FAILED`, `TIMED_OUT`, `ABORTED`.
    public var status: String
    /// The execution's output (JSON text), once it succeeded.
    public var output: String?
    /// The error and cause, once it failed.
    public var error: String?
    public var cause: String?

    /// Whether the execution has ended.
    public var isFinished: Bool { status != "RUNNING" && status != "PENDING_REDRIVE" }
}

extension StepFunctionsClient {
    /// The status, output or error of an execution.
    public func describeExecution(executionARN: String) async throws -> StepFunctionsExecution {
        let output = try await client.callJSON(
            .stepFunctions, "DescribeExecution", ["executionArn": .string(executionARN)])
        guard let status = output["status"]?.stringValue else {
            throw AWSError(
                .invalidResponse, "DescribeExecution answered without status", service: "sfn",
                operation: "DescribeExecution")
        }
        return StepFunctionsExecution(
            status: status, output: output["output"]?.stringValue, error: output["error"]?.stringValue,
            cause: output["cause"]?.stringValue)
    }

    /// Creates a state machine from an ASL `definition` (JSON text); returns its ARN. For tests and local stacks:
    /// deployments create state machines with SAM.
    public func createStateMachine(name: String, definition: String, roleARN: String) async throws -> String {
        let output = try await client.callJSON(
            .stepFunctions, "CreateStateMachine",
            ["name": .string(name), "definition": .string(definition), "roleArn": .string(roleARN)])
        guard let arn = output["stateMachineArn"]?.stringValue else {
            throw AWSError(
                .invalidResponse, "CreateStateMachine answered without stateMachineArn", service: "sfn",
                operation: "CreateStateMachine")
        }
        return arn
    }
}
