import HTTP

/// AWS Lambda Invoke over REST-JSON.
public struct LambdaClient: Sendable {
    /// How an invocation runs.
    public enum InvocationType: String, Sendable {
        /// Wait for the function and return its result.
        case requestResponse = "RequestResponse"
        /// Queue the event and return at once (202).
        case event = "Event"
    }

    /// What Invoke returned.
    public struct InvocationResult: Sendable {
        /// 200 for RequestResponse, 202 for Event.
        public var status: Int
        /// The function's response (empty for Event).
        public var payload: [UInt8]
        /// `Handled` or `Unhandled` when the function itself failed (the call still succeeded).
        public var functionError: String?
        public var executedVersion: String?
    }

    /// The shared signed client.
    public let client: AWSClient

    public init(client: AWSClient) { self.client = client }

    /// Invokes `function` (name, ARN or partial ARN) with a JSON payload.
    public func invoke(
        function: String,
        payload: [UInt8],
        type: InvocationType = .requestResponse,
        qualifier: String? = nil
    ) async throws -> InvocationResult {
        let endpoint = try client.endpoint(for: .lambda)
        var url = endpoint.baseURL + "/2015-03-31/functions/" + AWSURLEncoding.encode(function, keepSlash: false)
        url += "/invocations"
        if let qualifier { url += "?" + AWSURLEncoding.query([("Qualifier", qualifier)]) }
        var headers = HTTPHeaders()
        headers.set("Content-Type", "application/json")
        headers.set("X-Amz-Invocation-Type", type.rawValue)
        let response = try await client.send(
            AWSRequest(
                service: .lambda, operation: "Invoke", method: "POST", url: url, headers: headers, body: payload,
                timeout: .seconds(900)))
        return InvocationResult(
            status: response.status, payload: response.body, functionError: response.headers["x-amz-function-error"],
            executedVersion: response.headers["x-amz-executed-version"])
    }
}
