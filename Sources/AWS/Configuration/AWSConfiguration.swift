public import AWSSigV4

/// Everything the AWS client needs, parsed once from an environment dictionary (never `ProcessInfo` inside
/// the module): region, where credentials come from, endpoint overrides and the retry mode.
public struct AWSConfiguration: Sendable, CustomStringConvertible {
    /// The region for every regional service.
    public var region: String
    /// The profile name used for shared files (`AWS_PROFILE`, else `default`).
    public var profile: String
    /// Where credentials come from (see `AWSCredentialSource`).
    public var credentialSource: AWSCredentialSource
    /// `AWS_ENDPOINT_URL_<SUFFIX>` values keyed by suffix (`S3`, `DYNAMODB`, …).
    public var serviceEndpointURLs: [String: String]
    /// `AWS_ENDPOINT_URL`.
    public var globalEndpointURL: String?
    /// Retry mode and attempts.
    public var retry: AWSRetryConfiguration

    /// A configuration given in code (tests, tools): static credentials, an optional endpoint for every service.
    public init(
        region: String,
        credentials: AWSCredentials?,
        endpointURL: String? = nil,
        retry: AWSRetryConfiguration = AWSRetryConfiguration()
    ) {
        self.region = region
        self.profile = "default"
        self.credentialSource = credentials.map { .environment($0) } ?? .none
        self.serviceEndpointURLs = [:]
        self.globalEndpointURL = endpointURL
        self.retry = retry
    }

    /// Parses the configuration from `environment` (and the shared files it points to).
    ///
    /// Credentials: `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`/`AWS_SESSION_TOKEN`, then the profile
    /// (`AWS_PROFILE`) in `AWS_SHARED_CREDENTIALS_FILE` (default `$HOME/.aws/credentials`) and `AWS_CONFIG_FILE`
    /// (default `$HOME/.aws/config`), then the container endpoint. Region: `AWS_REGION`, `AWS_DEFAULT_REGION`,
    /// then the profile's `region`. Throws a `configuration` error naming the variable that is missing or wrong.
    public init(environment: [String: String]) throws(AWSError) {
        func value(_ name: String) -> String? {
            guard let text = environment[name]?.trimmed(), !text.isEmpty else { return nil }
            return text
        }
        let explicitProfile = value("AWS_PROFILE") ?? value("AWS_DEFAULT_PROFILE")
        profile = explicitProfile ?? "default"
        let home = value("HOME")
        let credentialsPath = value("AWS_SHARED_CREDENTIALS_FILE") ?? home.map { $0 + "/.aws/credentials" }
        let configPath = value("AWS_CONFIG_FILE") ?? home.map { $0 + "/.aws/config" }
        let credentialsFile = credentialsPath.flatMap { SharedConfigFile.load(path: $0, isConfigFile: false) }
        let configFile = configPath.flatMap { SharedConfigFile.load(path: $0, isConfigFile: true) }
        let profileValues = Self.merge(
            configFile?.profiles[profile], credentialsFile?.profiles[profile])

        guard let region = value("AWS_REGION") ?? value("AWS_DEFAULT_REGION") ?? profileValues?["region"] else {
            throw AWSError(
                .configuration,
                "no AWS region: set AWS_REGION (or AWS_DEFAULT_REGION, or region in profile \"\(profile)\")")
        }
        self.region = region

        if let keyID = value("AWS_ACCESS_KEY_ID") {
            guard let secret = value("AWS_SECRET_ACCESS_KEY") else {
                throw AWSError(.configuration, "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is missing")
            }
            credentialSource = .environment(
                AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: value("AWS_SESSION_TOKEN")))
        } else if value("AWS_SECRET_ACCESS_KEY") != nil {
            throw AWSError(.configuration, "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is missing")
        } else if let profileValues, let keyID = profileValues["aws_access_key_id"] {
            guard let secret = profileValues["aws_secret_access_key"], !secret.isEmpty else {
                throw AWSError(
                    .configuration, "profile \"\(profile)\" has aws_access_key_id but no aws_secret_access_key")
            }
            let token = profileValues["aws_session_token"].flatMap { $0.isEmpty ? nil : $0 }
            credentialSource = .profile(
                name: profile, AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: token))
        } else if let container = try ContainerCredentialsEndpoint.from(environment: environment) {
            credentialSource = .container(container)
        } else if let explicitProfile, profileValues == nil {
            throw AWSError(
                .configuration, "AWS_PROFILE names profile \"\(explicitProfile)\", which is in no shared config file")
        } else {
            credentialSource = .none
        }

        var urls: [String: String] = [:]
        for service in AWSService.all {
            if let url = value("AWS_ENDPOINT_URL_\(service.environmentSuffix)") {
                urls[service.environmentSuffix] = url
            }
        }
        serviceEndpointURLs = urls
        globalEndpointURL = value("AWS_ENDPOINT_URL")
        retry = try AWSRetryConfiguration(environment: environment)
    }

    /// The endpoint for `service` (see `AWSEndpoint.resolve`).
    public func endpoint(for service: AWSService) throws(AWSError) -> AWSEndpoint {
        try AWSEndpoint.resolve(
            service: service, region: region, serviceURLs: serviceEndpointURLs, globalURL: globalEndpointURL)
    }

    public var description: String {
        var text = "AWSConfiguration(region: \(region), credentials: \(credentialSource)"
        if let globalEndpointURL { text += ", endpoint: \(globalEndpointURL)" }
        for (suffix, url) in serviceEndpointURLs.sorted(by: { $0.key < $1.key }) { text += ", \(suffix): \(url)" }
        return text + ", retry: \(retry.mode.rawValue) × \(retry.maxAttempts))"
    }

    /// The profile's keys from both files; the credentials file wins.
    private static func merge(_ config: [String: String]?, _ credentials: [String: String]?) -> [String: String]? {
        guard config != nil || credentials != nil else { return nil }
        return (config ?? [:]).merging(credentials ?? [:]) { _, fromCredentials in fromCredentials }
    }
}
