import BackfillCore
import JSON

/// The Map's item (`{"job_id","partition"}`): one chunk through ``TenantBackfillRun/runChunk(_:partition:deadline:)``.
/// A chunk that failed with attempts left answers `"continue": true` in its body (with `attempts` and
/// `max_attempts`): the machine runs it again at once; on its last attempt the failure stands (`chunk_failed`,
/// recorded in the job) and the Map moves on.
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
        }
        guard case .object(var answer) = result else { return result }
        answer["body"] = .object(body)
        return .object(answer)
    }
}
