import Foundation
import JSON

/// Runs the reference scripts in `../shared/bench/` (beside the repository): `gen_export.py` writes a
/// synthetic export in the real S3 layout, `agg_python.py --out` aggregates it the way the Python Lambda did.
enum ReferenceScripts {
    /// The repository's root, found from this file's path.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let benchDirectory = repositoryRoot.appendingPathComponent("../shared/bench").standardizedFileURL.path

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs `python3 script arguments…` and returns its standard output; throws (never skips) when it fails.
    static func python(_ script: String, _ arguments: [String]) throws -> String {
        let path = benchDirectory + "/" + script
        guard FileManager.default.fileExists(atPath: path) else {
            throw Failure(description: "reference script missing: \(path)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", path] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw Failure(description: "cannot run python3: \(error)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(script) failed (status \(process.terminationStatus)): \(errorText)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Writes an export with `gen_export.py` under `directory` and returns its `AWSDynamoDB/{exportId}` folder.
    static func generateExport(
        in directory: String, items: Int, files: Int, seed: Int, incremental: Bool
    ) throws -> String {
        var arguments = [directory, String(items), String(files), String(seed)]
        if incremental { arguments.append("--incremental") }
        return try python("gen_export.py", arguments).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `agg_python.py EXPORT --out F`, read back: `"YYYY-MM-DD|app"` → the four metrics.
    static func pythonAggregates(_ export: String, scratch: String) throws -> [String: [String: Int64]] {
        let out = scratch + "/python-aggregates.json"
        _ = try python("agg_python.py", [export, "--out", out])
        let parsed = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: out))))
        var result: [String: [String: Int64]] = [:]
        for (key, value) in parsed.objectValue ?? [:] {
            var metrics: [String: Int64] = [:]
            for (name, number) in value.objectValue ?? [:] { metrics[name] = number.intValue }
            result[key] = metrics
        }
        return result
    }

    /// A fresh temporary directory, removed after `body`.
    static func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
        let path = NSTemporaryDirectory() + "analytics-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try body(path)
    }
}
