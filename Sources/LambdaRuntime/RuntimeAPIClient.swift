package import HTTP
import JSON

/// The real Runtime API client (2018-06-01), over the libcurl transport: one kept-alive connection, and no
/// time limit on `next`.
package struct RuntimeAPIClient: RuntimeClient {
    private let transport: any HTTPTransport
    private let base: String

    /// - Parameter runtimeAPI: `host:port` from `AWS_LAMBDA_RUNTIME_API`.
    package init(runtimeAPI: String, transport: any HTTPTransport) {
        self.transport = transport
        self.base = "http://\(runtimeAPI)/2018-06-01/runtime"
    }

    package func next() async throws -> Invocation {
        let response = try await transport.execute(HTTPRequest(url: base + "/invocation/next", timeout: nil))
        try Self.check(response, expected: 200, what: "next invocation")
        guard let requestID = response.headers["lambda-runtime-aws-request-id"], !requestID.isEmpty else {
            throw RuntimeError(.protocolViolation, "the next invocation has no Lambda-Runtime-Aws-Request-Id")
        }
        return Invocation(
            requestID: requestID,
            deadlineMilliseconds: Int64(response.headers["lambda-runtime-deadline-ms"] ?? "") ?? 0,
            invokedFunctionARN: response.headers["lambda-runtime-invoked-function-arn"] ?? "",
            traceID: response.headers["lambda-runtime-trace-id"],
            clientContext: response.headers["lambda-runtime-client-context"],
            cognitoIdentity: response.headers["lambda-runtime-cognito-identity"],
            event: response.body
        )
    }

    package func respond(requestID: String, body: [UInt8]) async throws {
        let response = try await transport.execute(
            HTTPRequest(
                method: "POST", url: base + "/invocation/\(requestID)/response",
                headers: ["Content-Type": "application/json"], body: body, timeout: .seconds(60)))
        try Self.check(response, expected: 202, what: "response")
    }

    package func fail(requestID: String, error: ReportedError) async throws {
        let response = try await transport.execute(
            HTTPRequest(
                method: "POST", url: base + "/invocation/\(requestID)/error",
                headers: ["Content-Type": "application/json", "Lambda-Runtime-Function-Error-Type": error.errorType],
                body: Self.errorBody(error), timeout: .seconds(60)))
        try Self.check(response, expected: 202, what: "error report")
    }

    package func failInit(error: ReportedError) async throws {
        let response = try await transport.execute(
            HTTPRequest(
                method: "POST", url: base + "/init/error",
                headers: ["Content-Type": "application/json", "Lambda-Runtime-Function-Error-Type": error.errorType],
                body: Self.errorBody(error), timeout: .seconds(10)))
        try Self.check(response, expected: 202, what: "init error report")
    }

    /// `{"errorMessage":…,"errorType":…,"stackTrace":[]}`
    package static func errorBody(_ error: ReportedError) -> [UInt8] {
        let value: JSONValue = [
            "errorMessage": .string(error.errorMessage), "errorType": .string(error.errorType), "stackTrace": [],
        ]
        return value.serializedBytes()
    }

    private static func check(_ response: HTTPResponse, expected: Int, what: String) throws {
        if response.status == expected { return }
        if response.status >= 500 {
            throw RuntimeError(
                .containerError, "the Runtime API answered \(response.status) to the \(what): \(response.bodyText)")
        }
        if response.status == 413 {
            throw RuntimeError(.responseTooLarge, "the Runtime API rejected the \(what) as too large")
        }
        throw RuntimeError(
            .protocolViolation, "the Runtime API answered \(response.status) to the \(what): \(response.bodyText)")
    }
}
