import AWS
import AWSSigV4
import Foundation
import HTTP

#if canImport(Glibc)
    import Glibc
#endif

extension MotoServer {
    /// Starts `moto_server` under a small Python watchdog that clears the signal mask it inherited (Swift's
    /// threads block signals), stops moto on SIGTERM, and stops it too when this process or moto goes away. The
    /// watchdog leads a new process group that moto is in. Returns the watchdog's process id.
    static func launch(port: Int, logPath: String, environment extra: [String: String] = [:]) throws -> Int32 {
        let script = """
            import os, signal, subprocess, sys, time
            signal.pthread_sigmask(signal.SIG_SETMASK, [])
            log = open(\(quoted(logPath)), "wb")
            moto = subprocess.Popen(["moto_server", "-H", "127.0.0.1", "-p", "\(port)"], stdout=log, stderr=log,
                                    stdin=subprocess.DEVNULL)
            def stop(*_):
                moto.terminate()
                try:
                    moto.wait(5)
                except subprocess.TimeoutExpired:
                    moto.kill()
                sys.exit(0)
            signal.signal(signal.SIGTERM, stop)
            signal.signal(signal.SIGINT, stop)
            signal.signal(signal.SIGHUP, stop)
            while moto.poll() is None:
                try:
                    os.kill(\(getpid()), 0)
                except ProcessLookupError:
                    break
                time.sleep(0.5)
            stop()
            """
        var environment = ProcessInfo.processInfo.environment
        environment["INITIAL_NO_AUTH_ACTION_COUNT"] = "3"
        environment.merge(extra) { $1 }
        let arguments = ["python3", "-c", script]
        let environmentLines = environment.map { "\($0.key)=\($0.value)" }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environmentLines.map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawnp(&pid, "python3", &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw MotoServerError("cannot start moto_server (is `moto[server]` installed?): posix_spawn \(result)")
        }
        return pid
    }

    /// Sends SIGTERM to the watchdog's process group (watchdog and moto), waits up to five seconds for the
    /// watchdog to exit, then uses SIGKILL.
    static func terminate(_ pid: Int32) {
        guard pid > 0 else { return }
        kill(-pid, SIGTERM)
        var status: Int32 = 0
        for _ in 0..<250 {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid || (reaped < 0 && errno == ECHILD) { return }
            usleep(20_000)
        }
        kill(-pid, SIGKILL)
        _ = waitpid(pid, &status, 0)
    }

    /// A Python string literal for `text`.
    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// A port that was free a moment ago (the kernel's pick for port 0).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw MotoServerError("socket: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = in_addr_t(0x7f00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw MotoServerError("cannot find a free port: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Polls until a TCP connect to the port succeeds (moto is up), the watchdog dies, or time runs out.
    static func waitUntilListening(port: Int, pid: Int32, timeout: Duration, logPath: String) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if canConnect(port: port) { return }
            guard kill(pid, 0) == 0 else {
                let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
                throw MotoServerError("moto_server exited during startup: \(log.suffix(2000))")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw MotoServerError("moto_server did not listen on port \(port) within \(timeout)")
    }

    private static func canConnect(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(0x7f00_0001).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// The three unauthenticated calls: CreateUser, PutUserPolicy (allow everything), CreateAccessKey.
    static func createUser(endpoint: String, region: String) async throws -> AWSCredentials {
        let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#
        return try await CurlHTTPClient.withClient { http in
            func iam(_ parameters: [(String, String)]) async throws -> XMLElement {
                let body = AWSURLEncoding.query(parameters + [("Version", "2010-05-08")])
                // Unsigned calls still need a credential scope: moto routes a 127.0.0.1 request by it.
                let scope = "AKIAIOSFODNN7EXAMPLE/20250101/\(region)/iam/aws4_request"
                let response = try await http.execute(
                    HTTPRequest(
                        method: "POST", url: endpoint + "/",
                        headers: [
                            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
                            "Authorization": "AWS4-HMAC-SHA256 Credential=\(scope), SignedHeaders=host, Signature=0",
                        ],
                        body: Array(body.utf8)))
                guard response.status == 200 else {
                    throw MotoServerError("IAM \(parameters[0].1) answered \(response.status): \(response.bodyText)")
                }
                return try XMLScanner.parse(response.body)
            }
            _ = try await iam([("Action", "CreateUser"), ("UserName", "backfill-tests")])
            _ = try await iam([
                ("Action", "PutUserPolicy"), ("UserName", "backfill-tests"), ("PolicyName", "allow-all"),
                ("PolicyDocument", policy),
            ])
            let key = try await iam([("Action", "CreateAccessKey"), ("UserName", "backfill-tests")])
            guard let id = key.descendant("AccessKeyId")?.text, let secret = key.descendant("SecretAccessKey")?.text
            else { throw MotoServerError("CreateAccessKey answered without keys") }
            return AWSCredentials(accessKeyID: id, secretAccessKey: secret)
        }
    }
}
