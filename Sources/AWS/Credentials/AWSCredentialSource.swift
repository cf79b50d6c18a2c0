public import AWSSigV4

/// Where the credentials chain found credentials. Its description never shows a secret.
public enum AWSCredentialSource: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and optionally `AWS_SESSION_TOKEN`.
    case environment(AWSCredentials)
    /// Static keys from the shared `credentials` or `config` file.
    case profile(name: String, AWSCredentials)
    /// The container credentials endpoint (ECS, EKS Pod Identity, a local emulator).
    case container(ContainerCredentialsEndpoint)
    /// Nothing was found; calls fail with a `credentials` error.
    case none

    public var description: String {
        switch self {
        case .environment(let credentials):
            "environment (\(AWSCredentialSource.redacted(credentials.accessKeyID)))"
        case .profile(let name, let credentials):
            "profile \(name) (\(AWSCredentialSource.redacted(credentials.accessKeyID)))"
        case .container(let endpoint): "container endpoint \(endpoint.url)"
        case .none: "none"
        }
    }

    public var debugDescription: String { description }

    /// An access key id shortened to its first four characters, e.g. `AKIA…`.
    static func redacted(_ accessKeyID: String) -> String { String(accessKeyID.prefix(4)) + "…" }
}

/// The container credentials endpoint and how to authorize against it.
public struct ContainerCredentialsEndpoint: Sendable, Hashable {
    /// The full URL to GET.
    public var url: String
    /// `AWS_CONTAINER_AUTHORIZATION_TOKEN`, sent as `Authorization` when no token file is set.
    public var authorizationToken: String?
    /// `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`, read before every fetch (the token rotates).
    public var authorizationTokenFile: String?

    public init(url: String, authorizationToken: String? = nil, authorizationTokenFile: String? = nil) {
        self.url = url
        self.authorizationToken = authorizationToken
        self.authorizationTokenFile = authorizationTokenFile
    }

    /// Reads `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` (appended to `http://169.254.170.2`) or, failing that,
    /// `AWS_CONTAINER_CREDENTIALS_FULL_URI`; nil when neither is set.
    static func from(environment: [String: String]) throws(AWSError) -> ContainerCredentialsEndpoint? {
        let token = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        let tokenFile = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        if let relative = environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"], !relative.isEmpty {
            let path = relative.hasPrefix("/") ? relative : "/" + relative
            return ContainerCredentialsEndpoint(
                url: "http://169.254.170.2" + path, authorizationToken: token, authorizationTokenFile: tokenFile)
        }
        guard let full = environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"], !full.isEmpty else { return nil }
        guard isAllowed(full) else {
            throw AWSError(
                .configuration,
                "AWS_CONTAINER_CREDENTIALS_FULL_URI must use https, or http on a loopback or container host")
        }
        return ContainerCredentialsEndpoint(url: full, authorizationToken: token, authorizationTokenFile: tokenFile)
    }

    /// https anywhere; plain http only to loopback or the ECS / EKS credential addresses.
    static func isAllowed(_ url: String) -> Bool {
        if url.hasPrefix("https://") { return true }
        guard url.hasPrefix("http://") else { return false }
        let rest = url.dropFirst("http://".count)
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        var host = String(authority)
        if host.hasPrefix("[") {
            host = String(host.dropFirst().prefix { $0 != "]" })
        } else if let colon = host.lastIndex(of: ":") {
            host = String(host[..<colon])
        }
        return host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "169.254.170.2"
            || host == "169.254.170.23" || host.lowercased() == "fd00:ec2::23"
    }
}
