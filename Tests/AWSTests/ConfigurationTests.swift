import AWSSigV4
import BackfillTesting
import Foundation
import HTTP
import JSON
import Testing
import Timekeeping

@testable import AWS

@Suite("Configuration: region, credentials chain and endpoints from an environment dictionary")
struct ConfigurationTests {
    /// Writes `files` into a fresh temporary directory and returns its path.
    static func directory(_ files: [String: String]) throws -> String {
        let path = NSTemporaryDirectory() + "aws-config-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path + "/.aws", withIntermediateDirectories: true)
        for (name, text) in files { try text.write(toFile: path + "/" + name, atomically: true, encoding: .utf8) }
        return path
    }

    @Test("environment keys win over profiles and never show in descriptions")
    func environmentCredentials() throws {
        let configuration = try AWSConfiguration(environment: [
            "AWS_REGION": "eu-central-1", "AWS_DEFAULT_REGION": "us-west-2", "AWS_ACCESS_KEY_ID": "AKIAENVEXAMPLE",
            "AWS_SECRET_ACCESS_KEY": "env-secret-value", "AWS_SESSION_TOKEN": "env-token-value",
        ])
        #expect(configuration.region == "eu-central-1")
        guard case .environment(let credentials) = configuration.credentialSource else {
            Issue.record("expected environment credentials")
            return
        }
        #expect(credentials.sessionToken == "env-token-value")
        let text = "\(configuration) \(configuration.credentialSource)"
        #expect(!text.contains("env-secret-value") && !text.contains("env-token-value") && !text.contains("AKIAENV"))
    }

    @Test("a missing region names the variables to set")
    func missingRegion() {
        let error = #expect(throws: AWSError.self) { try AWSConfiguration(environment: ["AWS_ACCESS_KEY_ID": "a"]) }
        #expect(error?.code == .configuration)
        #expect(error?.message.contains("AWS_REGION") == true)
    }

    @Test("half a key pair names the missing half")
    func halfKeyPair() {
        let error = #expect(throws: AWSError.self) {
            try AWSConfiguration(environment: ["AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "a"])
        }
        #expect(error?.message.contains("AWS_SECRET_ACCESS_KEY") == true)
    }

    @Test("reads the profile from the shared credentials and config files, with the region from config")
    func sharedFiles() throws {
        let home = try Self.directory([
            ".aws/credentials": """
            [default]
            aws_access_key_id = AKIADEFAULT
            aws_secret_access_key = default-secret
            # a comment
            [work]
            aws_access_key_id=AKIAWORK
            aws_secret_access_key = work-secret ; trailing comment
            aws_session_token = work-token
            """,
            ".aws/config": """
            [default]
            region = us-west-1
            [profile work]
            region = ap-southeast-2
            [sso-session corp]
            region = eu-north-1
            """,
        ])
        defer { try? FileManager.default.removeItem(atPath: home) }
        let work = try AWSConfiguration(environment: ["HOME": home, "AWS_PROFILE": "work"])
        #expect(work.region == "ap-southeast-2")
        guard case .profile(let name, let credentials) = work.credentialSource else {
            Issue.record("expected profile credentials")
            return
        }
        #expect(name == "work")
        #expect(
            credentials
                == AWSCredentials(accessKeyID: "AKIAWORK", secretAccessKey: "work-secret", sessionToken: "work-token"))
        let fallback = try AWSConfiguration(environment: ["HOME": home])
        #expect(fallback.region == "us-west-1")
        let missing = #expect(throws: AWSError.self) {
            try AWSConfiguration(environment: ["HOME": home, "AWS_PROFILE": "nope", "AWS_REGION": "us-east-1"])
        }
        #expect(missing?.message.contains("nope") == true)
    }

    @Test("AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE override the home directory")
    func explicitFiles() throws {
        let directory = try Self.directory([
            "creds": "[default]\naws_access_key_id = AKIAFILE\naws_secret_access_key = file-secret\n",
            "conf": "[default]\nregion = sa-east-1\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let configuration = try AWSConfiguration(environment: [
            "HOME": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": directory + "/creds",
            "AWS_CONFIG_FILE": directory + "/conf",
        ])
        #expect(configuration.region == "sa-east-1")
        guard case .profile(_, let credentials) = configuration.credentialSource else {
            Issue.record("expected profile credentials")
            return
        }
        #expect(credentials.accessKeyID == "AKIAFILE")
    }

    @Test("falls back to the container endpoint, and refuses plain http to a remote host")
    func containerSource() throws {
        let relative = try AWSConfiguration(environment: [
            "AWS_REGION": "us-east-1", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/abc",
        ])
        guard case .container(let endpoint) = relative.credentialSource else {
            Issue.record("expected the container source")
            return
        }
        #expect(endpoint.url == "http://169.254.170.2/v2/credentials/abc")
        let remote = #expect(throws: AWSError.self) {
            try AWSConfiguration(environment: [
                "AWS_REGION": "us-east-1", "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://example.com/creds",
            ])
        }
        #expect(remote?.message.contains("AWS_CONTAINER_CREDENTIALS_FULL_URI") == true)
        #expect(ContainerCredentialsEndpoint.isAllowed("http://127.0.0.1:8080/creds"))
        #expect(ContainerCredentialsEndpoint.isAllowed("http://[fd00:ec2::23]/creds"))
        #expect(ContainerCredentialsEndpoint.isAllowed("https://example.com/creds"))
    }

    @Test("fetches container credentials with the token from its file, caches them and refreshes before expiry")
    func containerFetchAndRefresh() async throws {
        let directory = try Self.directory(["token": "token-from-file\n"])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let time = ManualTimeSource(now: Timestamp(secondsSince1970: 1_763_712_000))
        let fetches = BlockingQueue<String>()
        let server = try LoopbackHTTPServer { request in
            fetches.put(request.headers["authorization"] ?? "")
            let serial = fetches.count
            let body = """
                {"AccessKeyId":"ASIA\(serial)","SecretAccessKey":"container-secret","Token":"session-token",
                "Expiration":"2025-11-21T09:00:00Z","auth":"\(request.headers["authorization"] ?? "")"}
                """
            return LoopbackResponse(status: 200, text: body)
        }
        defer { server.stop() }
        let configuration = try AWSConfiguration(environment: [
            "AWS_REGION": "us-east-1", "AWS_CONTAINER_CREDENTIALS_FULL_URI": server.baseURL + "/creds",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": directory + "/token",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": "ignored-token",
        ])
        try await CurlHTTPClient.withClient { http in
            let provider = AWSCredentialProviders.make(
                source: configuration.credentialSource, transport: http, timeSource: time)
            let first = try await provider.credentials()
            #expect(first.secretAccessKey == "container-secret")
            #expect(first.sessionToken == "session-token")
            #expect(first.accessKeyID == "ASIA1")
            _ = try await provider.credentials()
            time.advance(by: .seconds(30 * 60))  // 08:30: still more than five minutes left
            _ = try await provider.credentials()
            #expect(fetches.count == 1)
            time.advance(by: .seconds(26 * 60))  // 08:56: inside the refresh window
            let refreshed = try await provider.credentials()
            #expect(refreshed.accessKeyID == "ASIA2")
        }
        #expect(fetches.take(timeoutSeconds: 0) == "token-from-file")
    }

    @Test("parses the container answer and its expiry")
    func containerParse() throws {
        let parsed = try ContainerCredentialFetcher.parse(
            Array(
                #"{"AccessKeyId":"ASIA1","SecretAccessKey":"s","Token":"t","Expiration":"2025-11-21T09:00:00Z"}"#.utf8))
        #expect(parsed.expiration == Timestamp(secondsSince1970: 1_763_715_600))
        #expect(!"\(parsed)".contains("\"s\""))
        #expect(throws: AWSError.self) { try ContainerCredentialFetcher.parse(Array("{}".utf8)) }
    }

    @Test("no credentials anywhere fails calls with a credentials error that says where to put them")
    func noCredentials() async throws {
        let configuration = try AWSConfiguration(environment: ["AWS_REGION": "us-east-1", "HOME": "/nonexistent"])
        let client = AWSClient(configuration: configuration, transport: ScriptedTransport())
        let error = await #expect(throws: AWSError.self) { _ = try await client.callJSON(.dynamoDB, "ListTables", [:]) }
        #expect(error?.code == .credentials)
        #expect(error?.message.contains("AWS_ACCESS_KEY_ID") == true)
    }
}
