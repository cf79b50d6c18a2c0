public import AWSSigV4
public import HTTP
public import Timekeeping

/// Supplies the credentials each request is signed with.
public protocol AWSCredentialProvider: Sendable {
    /// Credentials valid for at least the next few minutes. Throws an `AWSError` with code `credentials`.
    func credentials() async throws -> AWSCredentials
}

/// Credentials with an optional expiry. Its description never shows a secret.
public struct ExpiringCredentials: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    public var credentials: AWSCredentials
    /// When the credentials stop working; nil for long-term keys.
    public var expiration: Timestamp?

    public init(credentials: AWSCredentials, expiration: Timestamp? = nil) {
        self.credentials = credentials
        self.expiration = expiration
    }

    public var description: String {
        "credentials \(AWSCredentialSource.redacted(credentials.accessKeyID))"
            + (expiration.map { " expiring \($0)" } ?? "")
    }

    public var debugDescription: String { description }
}

/// Fixed credentials (environment, shared files, tests).
public struct StaticCredentialProvider: AWSCredentialProvider {
    private let value: AWSCredentials

    public init(_ credentials: AWSCredentials) { value = credentials }

    public func credentials() async throws -> AWSCredentials { value }
}

/// Builds the provider for a configured source: static keys as they are, the container endpoint behind a cache
/// that refreshes five minutes before expiry.
public enum AWSCredentialProviders {
    /// The provider for `source`; `transport` is used for the container endpoint.
    public static func make(
        source: AWSCredentialSource,
        transport: any HTTPTransport,
        timeSource: any TimeSource
    ) -> any AWSCredentialProvider {
        switch source {
        case .environment(let credentials), .profile(_, let credentials):
            return StaticCredentialProvider(credentials)
        case .container(let endpoint):
            let fetcher = ContainerCredentialFetcher(endpoint: endpoint, transport: transport)
            return CachingCredentialProvider(timeSource: timeSource) { try await fetcher.fetch() }
        case .none:
            return MissingCredentialProvider()
        }
    }
}

/// Fails every call with an explanation of where credentials are looked for.
struct MissingCredentialProvider: AWSCredentialProvider {
    func credentials() async throws -> AWSCredentials {
        throw AWSError(
            .credentials,
            "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile in the shared "
                + "credentials file (AWS_PROFILE), or AWS_CONTAINER_CREDENTIALS_FULL_URI / _RELATIVE_URI")
    }
}
