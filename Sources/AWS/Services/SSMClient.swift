import JSON

/// AWS Systems Manager Parameter Store over JSON 1.1.
public struct SSMClient: Sendable {
    /// The shared signed client.
    public let client: AWSClient

    public init(client: AWSClient) { self.client = client }

    /// A parameter's value, decrypted when it is a `SecureString` and `withDecryption` is true.
    public func getParameter(_ name: String, withDecryption: Bool = true) async throws -> String {
        let output = try await client.callJSON(
            .ssm, "GetParameter", ["Name": .string(name), "WithDecryption": .bool(withDecryption)])
        guard let value = output["Parameter"]?["Value"]?.stringValue else {
            throw AWSError(
                .invalidResponse, "GetParameter answered without a value", service: "ssm", operation: "GetParameter")
        }
        return value
    }
}
