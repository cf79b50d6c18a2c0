import JSON

/// AWS Step Functions over JSON 1.0.
public struct StepFunctionsClient: Sendable {
    /// The shared signed client.
    public let client: AWSClient

    public init(client: AWSClient) { self.client = client }

    /// Starts an execution of `stateMachineARN` with a JSON `input`; returns the execution ARN. A `name` makes the
    /// start idempotent (a second start with the same name and input returns the same execution).
    public func startExecution(stateMachineARN: String, input: String = "{}", name: String? = nil) async throws
        -> String
    {
        let output = try await client.callJSON(
            .stepFunctions, "StartExecution",
            .compactObject([
                ("stateMachineArn", .string(stateMachineARN)), ("input", .string(input)),
                ("name", name.map(JSONValue.string)),
            ]))
        guard let arn = output["executionArn"]?.stringValue else {
            throw AWSError(
                .invalidResponse, "StartExecution answered without executionArn", service: "sfn",
                operation: "StartExecution")
        }
        return arn
    }
}
