public import AWS

/// Starts a backfill's state machine execution.
public protocol ExecutionStarter: Sendable {
    /// Starts an execution named `name` with `input`; returns its ARN. A second start of the same name is the
    /// same execution (not an error).
    func start(name: String, input: String) async throws -> String
    /// Whether the execution named `name` has ended (succeeded, failed, timed out, aborted); false while it runs
    /// or when there is none yet.
    func hasEnded(name: String) async throws -> Bool
}

/// `StartExecution` on the `TenantBackfill` state machine; `ExecutionAlreadyExists` counts as started.
public struct StepFunctionsExecutionStarter: ExecutionStarter {
    public let client: StepFunctionsClient
    public let stateMachineARN: String

    public init(client: StepFunctionsClient, stateMachineARN: String) {
        self.client = client
        self.stateMachineARN = stateMachineARN
    }

    public func start(name: String, input: String) async throws -> String {
        do {
            return try await client.startExecution(stateMachineARN: stateMachineARN, input: input, name: name)
        } catch let error as AWSError where error.serviceCode == "ExecutionAlreadyExists" {
            return Self.executionARN(stateMachineARN: stateMachineARN, name: name)
        }
    }

    public func hasEnded(name: String) async throws -> Bool {
        do {
            let arn = Self.executionARN(stateMachineARN: stateMachineARN, name: name)
            return try await client.describeExecution(executionARN: arn).isFinished
        } catch let error as AWSError where error.serviceCode == "ExecutionDoesNotExist" {
            return false
        }
    }

    /// `arn:…:execution:{machine}:{name}` of `stateMachineARN`'s execution `name`.
    public static func executionARN(stateMachineARN: String, name: String) -> String {
        var parts = stateMachineARN.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if parts.count > 5, parts[5] == "stateMachine" { parts[5] = "execution" }
        return parts.joined(separator: ":") + ":" + name
    }
}
