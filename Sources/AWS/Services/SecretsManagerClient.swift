import JSON

/// A secret's value. Its description never shows the value.
public struct SecretValue: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    public var name: String
    public var versionID: String?
    /// `SecretString`, when the secret is text.
    public var string: String?
    /// `SecretBinary` decoded, when the secret is binary.
    public var binary: [UInt8]?

    public var description: String { "SecretValue(\(name), <redacted>)" }
    public var debugDescription: String { description }
}

/// AWS Secrets Manager over JSON 1.1.
public struct SecretsManagerClient: Sendable {
    /// The shared signed client.
    public let client: AWSClient

    public init(client: AWSClient) { self.client = client }

    /// Reads a secret (by name or ARN), optionally a given stage (`AWSCURRENT` by default).
    public func getSecretValue(_ secretID: String, versionStage: String? = nil) async throws -> SecretValue {
        let output = try await client.callJSON(
            .secretsManager, "GetSecretValue",
            .compactObject([("SecretId", .string(secretID)), ("VersionStage", versionStage.map(JSONValue.string))]))
        return SecretValue(
            name: output["Name"]?.stringValue ?? secretID, versionID: output["VersionId"]?.stringValue,
            string: output["SecretString"]?.stringValue,
            binary: output["SecretBinary"]?.stringValue.flatMap(Base64.decode))
    }
}
