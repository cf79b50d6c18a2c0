import ArgumentParser
import BackfillCore
import Timekeeping

/// `backfill cancel JOB_ID`: stops a job; running partitions finish, no new ones are claimed.
struct CancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel a job: workers finish their current partition and claim no more."
    )

    @OptionGroup var store: JobStoreOptions

    @Argument(help: "The job to cancel.")
    var jobID: String

    func validate() throws {
        guard JobID.isValid(jobID) else { throw ValidationError("'\(jobID)' is not a valid job id") }
    }

    func run() async throws {
        let message = try await store.withStore {
            try await Self.cancel(jobID: jobID, store: $0, now: SystemTimeSource().now)
        }
        print(message)
    }

    /// Cancels `jobID` unless it already finished; the cancelled job expires like a finished one.
    static func cancel(jobID: String, store: any JobStore, now: Timestamp) async throws -> String {
        let cancelled = try await store.setStatus(
            jobID: jobID,
            to: .cancelled,
            reason: "cancelled by operator",
            from: [.pending, .running, .paused],
            requireIdle: false,
            expiresAt: now + RunnerConfiguration.defaultFinishedJobRetention,
            now: now
        )
        if cancelled { return "cancelled \(jobID)" }
        guard let job = try await store.job(id: jobID) else { throw ValidationError("no job '\(jobID)'") }
        return "\(jobID) is \(job.status.rawValue); nothing to cancel"
    }
}
