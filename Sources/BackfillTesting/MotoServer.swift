public import AWS
public import AWSSigV4
import Foundation
import HTTP
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A real `moto_server` on 127.0.0.1 for integration tests, with IAM signature checking on.
///
/// `start()` launches `moto_server -H 127.0.0.1 -p <free port>` with `INITIAL_NO_AUTH_ACTION_COUNT=3` under a
/// small shell watchdog (which kills moto if the test process dies), waits until the port accepts connections,
/// then spends the three unauthenticated calls on IAM CreateUser, PutUserPolicy (allow `*`) and CreateAccessKey.
/// From then on every request must carry a valid SigV4 signature by those keys. Stop it by process id with
/// `stop()`, or use `withServer`, which stops it also when the body throws. Moto's log is at `logPath`.
public final class MotoServer: Sendable {
    /// The port moto listens on.
    public let port: Int
    /// `http://127.0.0.1:PORT`
    public let endpoint: String
    /// The region resources are created in.
    public let region: String
    /// Keys of the IAM user with the allow-all policy.
    public let credentials: AWSCredentials
    /// Where moto's stdout and stderr go.
    public let logPath: String
    private let watchdogPID: Int32
    private let stopped = Mutex(false)

    private init(port: Int, region: String, credentials: AWSCredentials, logPath: String, watchdogPID: Int32) {
        self.port = port
        self.endpoint = "http://127.0.0.1:\(port)"
        self.region = region
        self.credentials = credentials
        self.logPath = logPath
        self.watchdogPID = watchdogPID
    }

    deinit { stop() }

    /// Starts a server (up to three ports are tried) and creates the IAM user whose keys sign everything else.
    /// `environment` is added to moto's own (e.g. `MOTO_PORT`, where its Step Functions interpreter sends the
    /// service calls of Task states: a ``LambdaInvokeEndpoint`` running our handlers).
    public static func start(
        region: String = "us-east-1",
        environment: [String: String] = [:],
        startupTimeout: Duration = .seconds(60)
    ) async throws -> MotoServer {
        var lastError: any Error = MotoServerError("moto_server did not start")
        for _ in 0..<3 {
            let port = try freePort()
            let logPath = "/tmp/moto-\(getpid())-\(port).log"
            let pid = try launch(port: port, logPath: logPath, environment: environment)
            do {
                try await waitUntilListening(port: port, pid: pid, timeout: startupTimeout, logPath: logPath)
                let credentials = try await createUser(endpoint: "http://127.0.0.1:\(port)", region: region)
                return MotoServer(
                    port: port, region: region, credentials: credentials, logPath: logPath, watchdogPID: pid)
            } catch {
                terminate(pid)
                lastError = error
            }
        }
        throw lastError
    }

    /// Runs `body` with a fresh server and stops the server afterwards, whether `body` returns or throws.
    public static func withServer<Result>(
        region: String = "us-east-1",
        environment: [String: String] = [:],
        _ body: (MotoServer) async throws -> Result
    ) async throws -> Result {
        let server = try await start(region: region, environment: environment)
        do {
            let result = try await body(server)
            server.stop()
            return result
        } catch {
            server.stop()
            throw error
        }
    }

    /// Stops moto (and its watchdog) by process id. Safe to call twice.
    public func stop() {
        let first = stopped.withLock { wasStopped in
            defer { wasStopped = true }
            return !wasStopped
        }
        if first { Self.terminate(watchdogPID) }
    }

    /// `AWS_*` variables that point a subprocess (e.g. `bootstrap`, `backfill`) at this server.
    public var environment: [String: String] {
        [
            "AWS_ACCESS_KEY_ID": credentials.accessKeyID, "AWS_SECRET_ACCESS_KEY": credentials.secretAccessKey,
            "AWS_REGION": region, "AWS_DEFAULT_REGION": region, "AWS_ENDPOINT_URL": endpoint,
            "AWS_EC2_METADATA_DISABLED": "true",
        ]
    }

    /// A configuration for in-process clients: these keys, this region, every service at this endpoint.
    public func configuration(retry: AWSRetryConfiguration = AWSRetryConfiguration()) -> AWSConfiguration {
        AWSConfiguration(region: region, credentials: credentials, endpointURL: endpoint, retry: retry)
    }

    /// Posts JSON to moto's own control API, e.g. `/moto-api/static/ce/cost-and-usage-results` to queue Cost
    /// Explorer answers, or `/moto-api/config` with `{"lambda":{"use_docker":false}}`.
    public func configureMock(path: String, json: String) async throws {
        let response = try await CurlHTTPClient.withClient { http in
            try await http.execute(
                HTTPRequest(
                    method: "POST", url: endpoint + path, headers: ["Content-Type": "application/json"],
                    body: Array(json.utf8)))
        }
        guard (200..<300).contains(response.status) else {
            throw MotoServerError("moto control call \(path) answered \(response.status): \(response.bodyText)")
        }
    }
}

/// What went wrong starting or talking to moto.
public struct MotoServerError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
