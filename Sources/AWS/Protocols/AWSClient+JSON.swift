import HTTP
public import JSON

extension AWSClient {
    /// Calls an operation of a JSON 1.0 / 1.1 service (DynamoDB, Step Functions, CloudWatch, Cost Explorer,
    /// Secrets Manager, SSM): `POST /` with `X-Amz-Target` and the protocol's Content-Type; returns the parsed
    /// answer (an empty object for an empty body). `maxAttempts` overrides the configured attempts for this call
    /// (1 for a source the caller paces and retries itself).
    public func callJSON(
        _ service: AWSService,
        _ operation: String,
        _ input: JSONValue,
        maxAttempts: Int? = nil
    ) async throws -> JSONValue {
        guard case .json(let version, let targetPrefix) = service.wireProtocol else {
            throw AWSError(.invalidRequest, "\(service.id) does not speak the AWS JSON protocol")
        }
        let endpoint = try endpoint(for: service)
        var headers = HTTPHeaders()
        headers.set("Content-Type", "application/x-amz-json-\(version)")
        headers.set("X-Amz-Target", "\(targetPrefix).\(operation)")
        var request = AWSRequest(
            service: service, operation: operation, method: "POST", url: endpoint.baseURL + "/", headers: headers,
            body: input.serializedBytes())
        request.maxAttempts = maxAttempts
        let response = try await send(request)
        return try Self.parseJSON(response.body, service: service, operation: operation)
    }

    /// Parses a JSON answer; an empty body is an empty object.
    static func parseJSON(_ body: [UInt8], service: AWSService, operation: String) throws(AWSError) -> JSONValue {
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return .object(JSONObject()) }
        do {
            return try JSONParser.parse(body)
        } catch {
            throw AWSError(
                .invalidResponse, "\(service.id).\(operation) answered with invalid JSON: \(error)",
                service: service.id, operation: operation)
        }
    }
}

extension JSONValue {
    /// Builds an object from members whose nil values are left out (optional request fields).
    static func compactObject(_ members: [(String, JSONValue?)]) -> JSONValue {
        var object = JSONObject()
        for (key, value) in members {
            if let value { object[key] = value }
        }
        return .object(object)
    }
}
