import BackfillCore
import JSON
import Logging
import Timekeeping

/// The `TenantBackfill` state machine's Finalize step (`{"finalize_job_id"}`): settles the job's status (its
/// settled status, or `failed` naming the chunks left unsettled when the machine stopped looping), finalizes
/// every complete table (canonical trigger and sync marker, each once per job: ``TableFinalizer`` skips a
/// table the summary shows triggered) and rewrites the summary object. Running it twice changes nothing more.
///
/// Answer: `{"job_id","status","tables":{table:{"chunks","done","failed","records","status"}},
/// "canonical_triggered":[table…],"failed_chunks":[{"partition","error"}],"unsettled":[partition…]}`.
struct TenantFinalizeStep: Sendable {
    let run: TenantBackfillRun

    func finalize(jobID: String) async throws -> JSONValue {
        let plan = try await run.plan(jobID: jobID)
        let jobs = run.dependencies.jobs
        guard var job = try await jobs.job(id: jobID) else {
            throw TenantBackfillError(.invalidEvent, "no job \(jobID) in \(run.configuration.jobsTable)")
        }
        let now = run.dependencies.time.now
        let expiry = now + RunnerConfiguration.defaultFinishedJobRetention
        let unsettled = job.partitions.filter { !$0.isSettled(maxAttempts: job.maxAttempts) }.map(\.key)
        if !job.status.isFinished {
            if unsettled.isEmpty {
                _ = try await jobs.setStatus(
                    jobID: jobID, to: job.settledStatus, reason: nil, from: [.pending, .running, .paused],
                    requireIdle: true,
                    expiresAt: expiry, now: now)
            } else {
                let reason =
                    "the TenantBackfill execution ended with \(unsettled.count) chunks unsettled: "
                    + unsettled.prefix(5).joined(separator: ", ")
                _ = try await jobs.setStatus(
                    jobID: jobID, to: .failed, reason: reason, from: [.pending, .running, .paused],
                    requireIdle: false, expiresAt: expiry, now: now)
            }
            job = try await jobs.job(id: jobID) ?? job
        }
        let finalized = try await run.finalize(plan, job: job)
        run.logger.info(
            "tenant backfill finalized",
            metadata: ["job_id": "\(jobID)", "status": "\(job.status.rawValue)", "tables": "\(finalized)"])
        return Self.answer(plan: plan, job: job, finalized: finalized, unsettled: unsettled)
    }

    static func answer(plan: TenantJobPlan, job: JobRecord, finalized: [String], unsettled: [String]) -> JSONValue {
        var tables = JSONObject()
        for table in plan.tables {
            let states = job.partitions.filter { TenantRawLayout.parsePartitionKey($0.key)?.table == table }
            let done = states.filter { $0.status == .succeeded || $0.status == .skipped }.count
            let failed = states.filter { $0.status == .failed }.count
            tables[table] = [
                "chunks": .int(Int64(states.count)), "done": .int(Int64(done)), "failed": .int(Int64(failed)),
                "records": .int(states.reduce(0) { $0 + $1.records }),
                "status": .string(
                    done == states.count && !states.isEmpty ? "complete" : failed > 0 ? "failed" : "open"),
            ]
        }
        let failures: [JSONValue] = job.partitions.filter { $0.status == .failed }.map {
            ["partition": .string($0.key), "error": .string($0.lastError ?? "")]
        }
        return [
            "job_id": .string(job.jobID), "tenant_id": .string(plan.tenantID), "service": .string(plan.service),
            "status": .string(job.status.rawValue), "tables": .object(tables),
            "canonical_triggered": .array(finalized.map(JSONValue.string)), "failed_chunks": .array(failures),
            "unsettled": .array(unsettled.map(JSONValue.string)),
        ]
    }
}
