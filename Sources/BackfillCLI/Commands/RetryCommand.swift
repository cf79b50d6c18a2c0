import ArgumentParser
import BackfillCore
import Timekeeping

/// `backfill retry JOB_ID`: resets the job's failed partitions (attempts back to zero) and reopens the job, so
/// the next run of its handler (`resume_job_id`, or the Step Functions loop) processes only those.
struct RetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Reset a job's failed partitions so the next run retries only them."
    )

    @OptionGroup var store: JobStoreOptions

    @Argument(help: "The job whose failed partitions to retry.")
    var jobID: String

    func validate() throws {
        guard JobID.isValid(jobID) else { throw ValidationError("'\(jobID)' is not a valid job id") }
    }

    func run() async throws {
        let message = try await store.withStore {
            try await Self.retry(jobID: jobID, store: $0, now: SystemTimeSource().now)
        }
        print(message)
    }

    /// Resets the failed partitions of `jobID`; says how many.
    static func retry(jobID: String, store: any JobStore, now: Timestamp) async throws -> String {
        guard let job = try await store.job(id: jobID) else { throw ValidationError("no job '\(jobID)'") }
        let failed = job.partitions.filter { $0.status == .failed }.map(\.key)
        guard !failed.isEmpty else { return "\(jobID) has no failed partitions" }
        let reopened = try await store.reopen(jobID: jobID, resetting: failed, now: now)
        return "reset \(failed.count) failed partition\(failed.count == 1 ? "" : "s") of \(jobID); job is "
            + "\(reopened.status.rawValue) — run it with resume_job_id \(jobID)"
    }
}
