import AWS
import Dispatch
import HTTP

/// Passes the S3 calls that arrive at a ``LambdaInvokeEndpoint`` on to moto, signed again with the test
/// credentials. moto's Step Functions interpreter sends every service call of a state to `localhost:$MOTO_PORT`
/// (the Invoke endpoint), signed with its own placeholder keys: a Distributed Map's `ItemReader` reads its item
/// list with an S3 `GetObject` there. moto checks signatures, so the call is re-signed rather than relayed.
///
/// Only S3 is forwarded (the credential scope of the call's `Authorization` names the service); the answer comes
/// back as moto gave it, error answers included.
struct AWSCallForwarder: Sendable {
    /// The configuration that reaches moto (endpoint, region, credentials).
    let configuration: AWSConfiguration

    /// Headers the re-signing replaces or that describe the first hop only.
    private static let dropped: Set<String> = [
        "authorization", "x-amz-date", "x-amz-content-sha256", "x-amz-security-token", "host", "content-length",
        "connection", "accept-encoding", "amz-sdk-invocation-id", "amz-sdk-request", "user-agent", "expect",
        "transfer-encoding",
    ]

    /// The signing name in `Credential=key/date/region/SERVICE/aws4_request`, or nil when unsigned.
    static func signingName(_ request: LoopbackRequest) -> String? {
        guard let authorization = request.headers.first("authorization"),
            let credential = authorization.split(separator: " ").first(where: { $0.hasPrefix("Credential=") })
        else { return nil }
        let scope = credential.dropFirst("Credential=".count).split(separator: "/")
        return scope.count >= 5 ? String(scope[3]) : nil
    }

    /// moto's answer to `request`, or a 501 naming what is not forwarded.
    func forward(_ request: LoopbackRequest) -> LoopbackResponse {
        guard Self.signingName(request) == AWSService.s3.signingName else {
            let name = Self.signingName(request) ?? "an unsigned call"
            return LoopbackResponse(
                status: 501, text: #"{"message":"only S3 calls are forwarded to moto, not \#(name)"}"#)
        }
        let headers = HTTPHeaders(
            request.headers.fields.filter { !Self.dropped.contains($0.name.lowercased()) }.map { ($0.name, $0.value) })
        let outcome = LockedValue<LoopbackResponse?>(nil)
        let done = DispatchSemaphore(value: 0)
        let configuration = configuration
        Task {
            let response = await Self.send(request, headers: headers, configuration: configuration)
            outcome.withLock { $0 = response }
            done.signal()
        }
        done.wait()
        return outcome.value ?? LoopbackResponse(status: 500)
    }

    private static func send(
        _ request: LoopbackRequest, headers: HTTPHeaders, configuration: AWSConfiguration
    ) async -> LoopbackResponse {
        do {
            return try await CurlHTTPClient.withClient { http in
                let client = AWSClient(configuration: configuration, transport: http)
                let endpoint = try client.endpoint(for: .s3)
                let call = AWSRequest(
                    service: .s3, operation: "Forwarded", method: request.method,
                    url: endpoint.baseURL + request.target, headers: headers, body: request.body)
                let response = try await client.send(call)
                return LoopbackResponse(status: response.status, headers: response.headers, body: response.body)
            }
        } catch let error as AWSError {
            return LoopbackResponse(
                status: error.status ?? 500,
                headers: HTTPHeaders([("Content-Type", "application/xml")]),
                text:
                    "<Error><Code>\(error.serviceCode ?? "InternalError")</Code><Message>\(error.message)</Message></Error>"
            )
        } catch {
            return LoopbackResponse(status: 502, text: #"{"message":"forwarding to moto failed: \#(error)"}"#)
        }
    }
}
