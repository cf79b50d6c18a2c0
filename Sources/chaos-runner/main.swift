// chaos-runner: runs a small job against the DynamoDB job store so a test can SIGKILL it mid-partition and
// check that a second run finishes the job with every side effect done exactly once.
//
// Usage: chaos-runner TABLE JOB_ID PARTITIONS SINK_DIR SLOW_KEY   (AWS_* from the environment, e.g. moto)
// Each partition appends one line to SINK_DIR/<key> when it finishes. The first time SLOW_KEY runs it creates
// SINK_DIR/started-<key> and then hangs, to be killed.

import AWS
import BackfillCore
import FoundationEssentials
import HTTP
import JSON
import Logging
import Timekeeping

#if canImport(Glibc)
    import Glibc
#endif

let arguments = CommandLine.arguments
guard arguments.count == 6, let count = Int(arguments[3]) else {
    print("usage: chaos-runner TABLE JOB_ID PARTITIONS SINK_DIR SLOW_KEY")
    exit(2)
}
let (table, jobID, sink, slowKey) = (arguments[1], arguments[2], arguments[4], arguments[5])
let keys = (0..<count).map { CivilDate(year: 2025, month: 1, day: 1).adding(days: $0).iso8601 }

@Sendable func append(_ line: String, to path: String) {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
    guard descriptor >= 0 else { return }
    _ = line.utf8CString.withUnsafeBufferPointer { write(descriptor, $0.baseAddress, $0.count - 1) }
    fsync(descriptor)
    close(descriptor)
}

let configuration = try AWSConfiguration(environment: ProcessInfo.processInfo.environment)
try await CurlHTTPClient.withClient { http in
    let store = DynamoDBJobStore(
        dynamo: DynamoDBClient(client: AWSClient(configuration: configuration, transport: http)), table: table)
    let runner = JobRunner(
        store: store,
        time: SystemTimeSource(),
        configuration: RunnerConfiguration(
            owner: "chaos-\(getpid())",
            concurrency: 1,
            leaseDuration: .seconds(2),
            renewalLead: .milliseconds(1500),
            heartbeatTick: { try await Task.sleep(for: .milliseconds(100)) }
        ),
        logger: Logger(label: "chaos-runner")
    )
    let definition = JobDefinition(jobID: jobID, handler: "chaos", destination: sink, partitionKeys: keys)
    let summary = try await runner.start(definition, mode: .missing, deadline: .none) { partition, _ in
        let marker = sink + "/started-" + partition.key
        if partition.key == slowKey && access(marker, F_OK) != 0 {
            append("started\n", to: marker)
            try await Task.sleep(for: .seconds(60))
        }
        append("done\n", to: sink + "/" + partition.key)
        return PartitionOutcome(records: 1)
    }
    print(summary.continuation.serialized())
}
