import AWSSigV4
import HTTP
import JSON
import Timekeeping

/// Fetches credentials from the container credentials endpoint: `GET` with an optional `Authorization` token,
/// answered by `{"AccessKeyId","SecretAccessKey","Token","Expiration"}`.
struct ContainerCredentialFetcher: Sendable {
    let endpoint: ContainerCredentialsEndpoint
    let transport: any HTTPTransport

    func fetch() async throws -> ExpiringCredentials {
        var headers = HTTPHeaders()
        if let file = endpoint.authorizationTokenFile {
            guard let bytes = LocalFile.read(file) else {
                throw AWSError(.credentials, "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE \(file)")
            }
            headers.set("Authorization", String(decoding: bytes, as: UTF8.self).trimmed(" \t\r\n"))
        } else if let token = endpoint.authorizationToken {
            headers.set("Authorization", token)
        }
        headers.set("Accept", "application/json")
        let response: HTTPResponse
        do {
            response = try await transport.execute(
                HTTPRequest(method: "GET", url: endpoint.url, headers: headers, timeout: .seconds(5)))
        } catch {
            throw AWSError(
                .credentials, "the container credentials endpoint did not answer: \(error)",
                underlying: error as? HTTPError)
        }
        guard response.status == 200 else {
            throw AWSError(
                .credentials, "the container credentials endpoint answered HTTP \(response.status)",
                status: response.status)
        }
        return try Self.parse(response.body)
    }

    /// Reads the endpoint's JSON answer.
    static func parse(_ body: [UInt8]) throws(AWSError) -> ExpiringCredentials {
        let parsed: JSONValue
        do {
            parsed = try JSONParser.parse(body)
        } catch {
            throw AWSError(.credentials, "the container credentials endpoint answered with invalid JSON: \(error)")
        }
        guard let json = Optional(parsed), let keyID = json["AccessKeyId"]?.stringValue,
            let secret = json["SecretAccessKey"]?.stringValue
        else {
            throw AWSError(
                .credentials, "the container credentials endpoint answered without AccessKeyId/SecretAccessKey")
        }
        var expiration: Timestamp?
        if let text = json["Expiration"]?.stringValue {
            guard let parsed = ISO8601Timestamp.parse(text) else {
                throw AWSError(.credentials, "the container credentials have an unreadable Expiration")
            }
            expiration = parsed
        }
        return ExpiringCredentials(
            credentials: AWSCredentials(
                accessKeyID: keyID, secretAccessKey: secret, sessionToken: json["Token"]?.stringValue),
            expiration: expiration)
    }
}
