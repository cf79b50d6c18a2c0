import BackfillCore
import JSON
import Logging
import Timekeeping

/// The `TenantBackfill` state machine's Plan and Pending steps: create or join the job and list the chunks a
/// Map should run now.
///
/// Answer: `{"job_id","chunks":[partition…],"chunk_count","max_concurrency","distributed":false,"pass",
/// "waiting","wait_seconds"}`. Above the service's `distributed_threshold` chunks (default 1,000), the list goes to
/// `s3://$DATA_BUCKET/{tenant}/backfill/{job_id}.chunks.json` (a JSON array) and the answer carries
/// `"chunks_s3": {"bucket","key"}` and `"distributed": true` instead of `chunks`. `waiting` counts chunks held
/// by a live lease (an attempt still running elsewhere): the machine waits `wait_seconds` and asks again.
struct TenantPlanStep: Sendable {
    /// Pending passes after which the machine stops looping and finalizes what it has.
    static let maxPasses = 25

    let run: TenantBackfillRun

    /// `{"plan": …}`: the job of `start` created (or joined: a restarted execution runs what is left), checked
    /// against the execution's `jobID`.
    func plan(_ start: TenantBackfillRequest.Start, jobID: String?) async throws -> JSONValue {
        let plan = try await run.plan(start)
        if let jobID, jobID != plan.jobID {
            throw TenantBackfillError(
                .invalidEvent, "job_id \(jobID) is not the job of this plan (\(plan.jobID)): check start_date")
        }
        let time = run.dependencies.time
        let (job, created) = try await run.dependencies.jobs.createJob(plan.definition, now: time.now)
        run.logger.info(
            created ? "tenant backfill planned" : "tenant backfill joined",
            metadata: ["job_id": "\(plan.jobID)", "partitions": "\(job.partitions.count)"])
        return try await answer(plan: plan, job: job, pass: 0)
    }

    /// `{"pending_job_id","pass"}`: what is still to run after a Map (split halves, retries, chunks a lost
    /// worker left), as pass `pass + 1`; nothing once `maxPasses` is reached.
    func pending(jobID: String, pass: Int) async throws -> JSONValue {
        let plan = try await run.plan(jobID: jobID)
        guard let job = try await run.dependencies.jobs.job(id: jobID) else {
            throw TenantBackfillError(.invalidEvent, "no job \(jobID) in \(run.configuration.jobsTable)")
        }
        if pass + 1 >= Self.maxPasses {
            run.logger.error(
                "tenant backfill gave up looping: finalizing with chunks unsettled",
                metadata: ["job_id": "\(jobID)", "pass": "\(pass + 1)"])
            return try await answer(plan: plan, job: job, pass: pass + 1, givingUp: true)
        }
        return try await answer(plan: plan, job: job, pass: pass + 1)
    }

    /// The runnable chunks of `job`: pending, failed with attempts left, or held by a lapsed lease.
    func answer(plan: TenantJobPlan, job: JobRecord, pass: Int, givingUp: Bool = false) async throws -> JSONValue {
        let now = run.dependencies.time.now
        let open = job.status.acceptsClaims && !givingUp
        let runnable =
            open ? job.partitions.filter { $0.isClaimable(at: now, maxAttempts: job.maxAttempts) }.map(\.key) : []
        let waiting =
            open
            ? job.partitions.filter {
                $0.status == .running && !$0.isLeaseLapsed(at: now) && $0.attempts <= job.maxAttempts
            }.count : 0
        var result: JSONObject = [
            "job_id": .string(job.jobID), "chunk_count": .int(Int64(runnable.count)),
            "max_concurrency": .int(Int64(plan.settings.maxConcurrency)), "pass": .int(Int64(pass)),
            "waiting": .int(Int64(waiting)), "wait_seconds": .int(Int64(run.configuration.leaseSeconds)),
            "job_status": .string(job.status.rawValue),
        ]
        if givingUp { result["gave_up"] = true }
        if runnable.count > plan.settings.distributedThreshold {
            let key = Self.chunksKey(tenantID: plan.tenantID, jobID: job.jobID)
            let body = JSONValue.array(runnable.map(JSONValue.string)).serialized()
            try await run.dependencies.objects.put(key, body: Array(body.utf8), contentType: "application/json")
            result["chunks_s3"] = ["bucket": .string(run.configuration.dataBucket), "key": .string(key)]
            result["distributed"] = true
        } else {
            result["chunks"] = .array(runnable.map(JSONValue.string))
            result["distributed"] = false
        }
        return .object(result)
    }

    /// `{tenant}/backfill/{job_id}.chunks.json`: the chunk list a Distributed Map reads.
    static func chunksKey(tenantID: String, jobID: String) -> String {
        "\(tenantID)/backfill/\(jobID).chunks.json"
    }
}
