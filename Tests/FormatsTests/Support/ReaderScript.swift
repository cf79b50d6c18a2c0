import Foundation
import JSON

/// Runs `scripts/read_parquet.py` (pyarrow and duckdb) on written files and returns what it printed.
enum ReaderScript {
    /// The repository's root, found from this file's path.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let pipCommand = "python3 -m pip install pyarrow duckdb"

    /// What both readers saw, keyed by path. Throws (naming the pip command) when python3, pyarrow or duckdb
    /// is missing: these tests never skip silently.
    static func read(_ paths: [String]) throws -> [String: JSONValue] {
        let script = repositoryRoot.appendingPathComponent("scripts/read_parquet.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script] + paths
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw ReadBackFailure("cannot run python3 (\(error)); install Python 3, then: \(pipCommand)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus != 127 else {
            throw ReadBackFailure("python3 not found; install Python 3, then: \(pipCommand)")
        }
        let parsed: JSONValue
        do {
            parsed = try JSONParser.parse([UInt8](data))
        } catch {
            throw ReadBackFailure("reader script printed no JSON (status \(process.terminationStatus)): \(errorText)")
        }
        if let message = parsed["error"]?.stringValue { throw ReadBackFailure(message) }
        guard process.terminationStatus == 0, let object = parsed.objectValue else {
            throw ReadBackFailure("reader script failed (status \(process.terminationStatus)): \(errorText)")
        }
        var result: [String: JSONValue] = [:]
        for (path, value) in object {
            if let message = value["error"]?.stringValue { throw ReadBackFailure("\(path): \(message)") }
            result[path] = value
        }
        return result
    }

    /// Reads one file.
    static func read(_ path: String) throws -> JSONValue {
        guard let value = try read([path])[path] else { throw ReadBackFailure("no result for \(path)") }
        return value
    }
}

/// Why reading files back failed.
struct ReadBackFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A fresh directory under the system's temporary directory, removed after `body`.
func withTemporaryDirectory<Result>(_ body: (String) async throws -> Result) async throws -> Result {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("formats-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try await body(url.path)
}
