public import AWS

/// Invokes a Lambda function by name: AWS Lambda through ``AWSFunctionInvoker``, or a double in tests.
public protocol FunctionInvoker: Sendable {
    /// Invokes `function` with `payload`; `async` queues the event (`Event`) instead of waiting for the answer.
    func invoke(function: String, payload: [UInt8], async: Bool) async throws -> FunctionAnswer
}

/// What an invocation returned.
public struct FunctionAnswer: Sendable, Hashable {
    /// 200 for a synchronous call, 202 for a queued one.
    public var status: Int
    /// The function's response (empty when queued).
    public var payload: [UInt8]
    /// `Handled` or `Unhandled` when the function itself failed.
    public var functionError: String?

    public init(status: Int, payload: [UInt8], functionError: String? = nil) {
        self.status = status
        self.payload = payload
        self.functionError = functionError
    }
}

/// ``FunctionInvoker`` over the process's `LambdaClient` (`setup.aws().lambda`).
public struct AWSFunctionInvoker: FunctionInvoker {
    public let lambda: LambdaClient

    public init(lambda: LambdaClient) { self.lambda = lambda }

    public func invoke(function: String, payload: [UInt8], async: Bool) async throws -> FunctionAnswer {
        let result = try await lambda.invoke(
            function: function, payload: payload, type: async ? .event : .requestResponse)
        return FunctionAnswer(status: result.status, payload: result.payload, functionError: result.functionError)
    }
}
