import AWS
import BackfillCore
import BackfillTesting
import Foundation
import HTTP
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Crash recovery with a real process and moto DynamoDB")
struct CrashRecoveryTests {
    /// The directory holding the built executables (beside the test bundle).
    static var productsDirectory: URL {
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: url.appendingPathComponent("chaos-runner").path),
            url.pathComponents.count > 1
        {
            url.deleteLastPathComponent()
        }
        return url
    }

    func launch(_ arguments: [String], environment: [String: String]) throws -> Process {
        let process = Process()
        process.executableURL = Self.productsDirectory.appendingPathComponent("chaos-runner")
        process.arguments = arguments
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test("a runner killed mid-partition is finished by a second run, each side effect exactly once")
    func killedMidPartition() async throws {
        try await MotoServer.withServer { moto in
            try await CurlHTTPClient.withClient { http in
                let dynamo = DynamoDBClient(client: AWSClient(configuration: moto.configuration(), transport: http))
                try await dynamo.createTable(DynamoDBJobStore.tableDefinition())
                let sink = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "chaos-\(getpid())-\(moto.port)")
                try FileManager.default.createDirectory(at: sink, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(at: sink) }
                let keys = JobFixtures.keys(6)
                let arguments = ["BackfillJobs", "crash-job", "6", sink.path, keys[2]]
                let environment = moto.environment.merging(["PATH": "/usr/bin:/bin"]) { $1 }

                let first = try launch(arguments, environment: environment)
                let marker = sink.appendingPathComponent("started-" + keys[2]).path
                var waited = 0
                while !FileManager.default.fileExists(atPath: marker) && waited < 600 && first.isRunning {
                    try await Task.sleep(for: .milliseconds(50))  // a real child process: poll its marker file
                    waited += 1
                }
                #expect(FileManager.default.fileExists(atPath: marker))
                kill(first.processIdentifier, SIGKILL)
                first.waitUntilExit()
                #expect(first.terminationReason == .uncaughtSignal)

                let second = try launch(arguments, environment: environment)
                second.waitUntilExit()
                #expect(second.terminationStatus == 0)

                for key in keys {
                    let text = (try? String(contentsOf: sink.appendingPathComponent(key), encoding: .utf8)) ?? ""
                    #expect(text == "done\n", "partition \(key) side effects: \(text.split(separator: "\n").count)")
                }
                let job = try #require(try await DynamoDBJobStore(dynamo: dynamo).job(id: "crash-job"))
                #expect(job.status == .completed)
                #expect(job.partition(keys[2])?.attempts == 2)
                #expect(job.partitions.filter { $0.key != keys[2] }.allSatisfy { $0.attempts == 1 })
            }
        }
    }
}
