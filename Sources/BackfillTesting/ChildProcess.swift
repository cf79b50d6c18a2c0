#if canImport(Glibc)
    public import Glibc
#endif

/// A subprocess started by a test (bootstrap, moto_server, the CLI), with its output captured to files, waited
/// for with a time-out, and stopped by process id.
public final class ChildProcess: @unchecked Sendable {
    public let pid: pid_t
    /// Where standard output and standard error are written.
    public let stdoutPath: String
    public let stderrPath: String
    private var exitStatus: Int32?

    /// Starts `executable` with `arguments` and exactly `environment`.
    public init(executable: String, arguments: [String] = [], environment: [String: String]) throws {
        let directory = ChildProcess.temporaryDirectory()
        stdoutPath = directory + "/stdout"
        stderrPath = directory + "/stderr"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        // Start the child with no signal blocked and default dispositions, whatever thread spawns it
        // (libdispatch's workers block signals, and a child inherits the mask).
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGPIPE, SIGHUP] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var child: pid_t = 0
        let result = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw ChildProcessError("cannot start \(executable): \(String(cString: strerror(result)))")
        }
        pid = child
    }

    deinit {
        if exitStatus == nil {
            kill(pid, SIGKILL)
            _ = waitForExit(timeoutSeconds: 5)
        }
    }

    /// Whether the process has not exited yet.
    public var isRunning: Bool { poll() == nil }

    /// Waits until the process exits; returns its exit code (128+signal when killed), nil on time-out.
    @discardableResult
    public func waitForExit(timeoutSeconds: Double) -> Int32? {
        let deadline = MonotonicClock.nanoseconds() + UInt64(timeoutSeconds * 1e9)
        while true {
            if let status = poll() { return status }
            if MonotonicClock.nanoseconds() > deadline { return nil }
            usleep(2_000)
        }
    }

    /// Sends `signal` (SIGTERM by default).
    public func signal(_ signal: Int32 = SIGTERM) {
        if exitStatus == nil { kill(pid, signal) }
    }

    /// Sends SIGTERM, then SIGKILL after `graceSeconds`, and reaps the process.
    public func stop(graceSeconds: Double = 3) {
        guard exitStatus == nil else { return }
        kill(pid, SIGTERM)
        if waitForExit(timeoutSeconds: graceSeconds) == nil {
            kill(pid, SIGKILL)
            _ = waitForExit(timeoutSeconds: 5)
        }
    }

    /// What the process wrote to standard output so far.
    public var standardOutput: String { Self.readFile(stdoutPath) }
    /// What the process wrote to standard error so far.
    public var standardError: String { Self.readFile(stderrPath) }

    private func poll() -> Int32? {
        if let exitStatus { return exitStatus }
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        guard result == pid else { return nil }
        let code = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        exitStatus = code
        return code
    }

    /// Reads a whole file as text ("" when absent).
    public static func readFile(_ path: String) -> String {
        guard let file = fopen(path, "rb") else { return "" }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A new private directory under `$TMPDIR` (or /tmp).
    public static func temporaryDirectory() -> String {
        var template = Array(
            ((getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp") + "/backfill-XXXXXX").utf8CString)
        let path = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        return path.map { String(cString: $0) } ?? "/tmp"
    }

    /// The directory holding the package's built products (`bootstrap`, `backfill`, …) next to the test binary.
    public static func buildProductsDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        let path = length > 0 ? String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
        var parts = path.split(separator: "/", omittingEmptySubsequences: false)
        // Inside an .xctest bundle directory on some layouts: walk up to the folder that holds `bootstrap`.
        while parts.count > 1 {
            parts.removeLast()
            let directory = parts.joined(separator: "/")
            if access(directory + "/bootstrap", X_OK) == 0 { return directory }
        }
        return "."
    }
}

/// A subprocess could not be started.
public struct ChildProcessError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
