import BackfillCore
import JSON

/// The Map's item (`{"job_id","partition"}`): one chunk through ``TenantBackfillRun/runChunk(_:partition:deadline:)``.
/// A chunk that failed with attempts left answers `"continue": true` in its body (with `attempts`,
/// `max_attempts` and `retry_in_seconds`, 2 s doubling per attempt as the Task's own Retry): the machine waits
/// that long and runs it again; on its last attempt the failure stands (`chunk_failed`, recorded in the job) and
/// the Map moves on. A chunk that stopped for time answers `continue` without a wait.
struct TenantChunkStep: Sendable {
    let run: TenantBackfillRun

    func chunk(jobID: String, partition: String, deadline: Deadline = .none) async throws -> JSONValue {
        let plan = try await run.plan(jobID: jobID)
        let result = try await run.runChunk(plan, partition: partition, deadline: deadline)
        guard result["body"]?["message"] == "chunk_failed", case .object(var body) = result["body"],
            let job = try await run.dependencies.jobs.job(id: jobID), let state = job.partition(partition)
        else { return result }
        body["attempts"] = .int(Int64(state.attempts))
        body["max_attempts"] = .int(Int64(job.maxAttempts))
        if !state.isSettled(maxAttempts: job.maxAttempts) && job.status.acceptsClaims {
            body["continue"] = true
            body["retry_in_seconds"] = .int(Int64(Self.backoffSeconds(afterAttempt: state.attempts)))
        }
        guard case .object(var answer) = result else { return result }
        answer["body"] = .object(body)
        return .object(answer)
    }

    /// The wait before attempt `attempt + 1` of a failed chunk: 2, 4, 8 … seconds, at most 5 minutes.
    static func backoffSeconds(afterAttempt attempt: Int) -> Int {
        min(300, 2 << min(max(attempt - 1, 0), 8))
    }
}
