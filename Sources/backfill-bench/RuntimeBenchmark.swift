import BackfillTesting
import LambdaRuntime

#if canImport(Glibc)
    import Glibc
#endif

/// `backfill-bench runtime [--runs N] [--invocations M] [--label L] -- COMMAND [ARGS…]`
///
/// Measures a Lambda runtime process under the local Runtime API emulator, the same way for any runtime:
/// - cold start: from just before `posix_spawn` to the arrival of its first `GET /invocation/next` (median of N);
/// - warm: M small invocations back to back through the emulator, as invocations per second.
enum RuntimeBenchmark {
    static func run(_ arguments: [String]) async throws {
        var runs = 20
        var invocations = 5000
        var label = "runtime"
        var command: [String] = []
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--runs": runs = Int(iterator.next() ?? "") ?? runs
            case "--invocations": invocations = Int(iterator.next() ?? "") ?? invocations
            case "--label": label = iterator.next() ?? label
            case "--":
                while let rest = iterator.next() { command.append(rest) }
            default: command.append(argument)
            }
        }
        guard let executable = command.first else {
            print("usage: backfill-bench runtime [--runs N] [--invocations M] [--label L] -- COMMAND [ARGS…]")
            exit(2)
        }
        var environment = RuntimeEnvironment.processVariables()
        environment["_HANDLER"] = environment["_HANDLER"] ?? "diagnostics"

        var coldStarts: [Double] = []
        for _ in 0..<runs {
            let emulator = try RuntimeAPIEmulator()
            environment["AWS_LAMBDA_RUNTIME_API"] = emulator.runtimeAPI
            let start = MonotonicClock.nanoseconds()
            let process = try ChildProcess(
                executable: executable, arguments: Array(command.dropFirst()), environment: environment)
            guard let firstNext = emulator.waitForFirstNext(timeoutSeconds: 30) else {
                print("\(label): the runtime never polled /next; stderr: \(process.standardError)")
                exit(1)
            }
            coldStarts.append(Double(firstNext - start) / 1e6)
            process.stop(graceSeconds: 1)
            emulator.stop()
        }
        coldStarts.sort()
        let median = coldStarts[coldStarts.count / 2]
        print(
            "\(label) cold start (exec to first /next): median \(format(median)) ms, "
                + "min \(format(coldStarts.first!)) ms, max \(format(coldStarts.last!)) ms over \(runs) runs")

        let emulator = try RuntimeAPIEmulator()
        environment["AWS_LAMBDA_RUNTIME_API"] = emulator.runtimeAPI
        let process = try ChildProcess(
            executable: executable, arguments: Array(command.dropFirst()), environment: environment)
        defer {
            process.stop(graceSeconds: 1)
            emulator.stop()
        }
        let event = Array(#"{"source":"bench","n":1}"#.utf8)
        for _ in 0..<50 { _ = emulator.invoke(event, timeoutSeconds: 30) }  // warm-up
        let start = MonotonicClock.nanoseconds()
        var failures = 0
        for _ in 0..<invocations {
            if case .response = emulator.invoke(event, timeoutSeconds: 30) {} else { failures += 1 }
        }
        let seconds = Double(MonotonicClock.nanoseconds() - start) / 1e9
        print(
            "\(label) warm: \(Int(Double(invocations) / seconds)) invocations/s "
                + "(\(invocations) in \(format(seconds * 1000)) ms, \(failures) failed, "
                + "\(emulator.connectionsAccepted) connection(s))")
    }

    static func format(_ value: Double) -> String {
        let scaled = (value * 100).rounded() / 100
        return String(scaled)
    }
}
