import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs `scripts/sigv4_botocore_oracle.py` under python3 and exchanges JSON lines with it.
enum BotocoreOracle {
    /// What botocore produced for one case.
    struct Answer: Decodable {
        var id: Int?
        var canonicalRequest: String?
        var stringToSign: String?
        var signature: String?
        var url: String?
        var headers: [[String]]?
        var error: String?
        var fatal: String?
    }

    /// The failure to report when python3 or botocore cannot run, naming what to install.
    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    static let installHint = "install Python 3 and botocore (e.g. `apt-get install python3 python3-pip && "
        + "python3 -m pip install botocore`) so the differential test can run"

    static var scriptURL: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/sigv4_botocore_oracle.py")
    }

    /// Sends every case, one JSON line each, and returns botocore's answers by id.
    static func answers(for cases: [GeneratedCase]) throws -> [Int: Answer] {
        guard FileManager.default.fileExists(atPath: scriptURL.path) else {
            throw Unavailable(description: "oracle script missing at \(scriptURL.path)")
        }
        let encoder = JSONEncoder()
        var input = Data()
        for item in cases {
            input.append(try encoder.encode(item))
            input.append(UInt8(ascii: "\n"))
        }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", scriptURL.path]
        let stdin = Pipe()
        let stdout = Pipe()
        let stderrFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("sigv4-oracle-\(ProcessInfo.processInfo.processIdentifier)-\(UUID()).err")
        guard FileManager.default.createFile(atPath: stderrFile.path, contents: nil) else {
            throw Unavailable(description: "cannot create \(stderrFile.path)")
        }
        defer { try? FileManager.default.removeItem(at: stderrFile) }
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = try FileHandle(forWritingTo: stderrFile)
        do {
            try process.run()
        } catch {
            throw Unavailable(description: "could not start python3 (\(error)); \(installHint)")
        }
        // Write on another thread: python answers while it reads, and a full stdout pipe would otherwise stall
        // both sides.
        let payload = input
        // If python exits early (no botocore) the pipe breaks: ignore SIGPIPE so the write fails instead of the
        // whole test process dying.
        signal(SIGPIPE, SIG_IGN)
        let writer = Thread {
            try? stdin.fileHandleForWriting.write(contentsOf: payload)
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errors = (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? ""

        var answers: [Int: Answer] = [:]
        let decoder = JSONDecoder()
        for line in output.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            let answer = try decoder.decode(Answer.self, from: Data(line))
            if let fatal = answer.fatal { throw Unavailable(description: "\(fatal); \(installHint)") }
            if let id = answer.id { answers[id] = answer }
        }
        guard process.terminationStatus == 0 else {
            let hint = process.terminationStatus == 127 ? "python3 not found; \(installHint)" : errors
            throw Unavailable(description: "oracle exited with status \(process.terminationStatus): \(hint)")
        }
        return answers
    }
}
