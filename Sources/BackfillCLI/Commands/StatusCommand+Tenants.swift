import AWS
import BackfillCore
import JSON
import TenantBackfill
import Timekeeping

/// `backfill status --tenants` / `--tenant-id T`: tenant backfills per tenant, as operators check them: the
/// initiator's slots item (running against the cap, the queue in start order) and the jobs table's
/// `tenant_id` + `status` index (running jobs, also those started outside the initiator, e.g. `--local`), each
/// running job with its per-chunk grid, rate and ETA (``JobStatusView``).
struct TenantStatusReport {
    /// A tenant's backfills: running (with the job record once the state machine has planned it) and queued.
    struct Tenant {
        var tenantID: String
        var running: [(jobID: String, since: Int64?, job: JobRecord?)] = []
        /// Queued jobs with their place in the one queue (1 = next to start).
        var queued: [(position: Int, slot: InitiatorSlots.Queued)] = []
    }

    var cap: Int
    var slots: InitiatorSlots
    var tenants: [Tenant]

    /// Reads the slots item and the tenants' running jobs (`tenantID`: that tenant only).
    static func read(
        jobs: DynamoDBJobStore, slots slotStore: any InitiatorSlotStore, tenantID: String?, cap: Int
    ) async throws -> TenantStatusReport {
        let slots = try await slotStore.read().slots
        func tenant(of key: String) -> String { String(key.split(separator: ":").first ?? "") }
        var ids = slots.running.map { tenant(of: $0.serviceKey) } + slots.queued.map { tenant(of: $0.serviceKey) }
        if let tenantID { ids = [tenantID] }
        var tenants: [Tenant] = []
        for id in ids where !tenants.contains(where: { $0.tenantID == id }) {
            var entry = Tenant(tenantID: id)
            var running = slots.running.filter { tenant(of: $0.serviceKey) == id }.map {
                ($0.jobID, Optional($0.startedAt))
            }
            for summary in try await jobs.runningJobs(tenantID: id)
            where !running.contains(where: { $0.0 == summary.jobID }) {
                running.append((summary.jobID, nil))
            }
            for (jobID, since) in running { entry.running.append((jobID, since, try await jobs.job(id: jobID))) }
            for (index, queued) in slots.queued.enumerated() where tenant(of: queued.serviceKey) == id {
                entry.queued.append((index + 1, queued))
            }
            tenants.append(entry)
        }
        return TenantStatusReport(cap: cap, slots: slots, tenants: tenants)
    }

    /// The text view.
    func text(now: Timestamp, color: Bool) -> String {
        var lines = ["backfills: \(slots.running.count) of \(cap) running, \(slots.queued.count) queued", ""]
        if tenants.isEmpty { lines.append("no running or queued tenant backfills") }
        for tenant in tenants {
            lines.append("tenant \(tenant.tenantID)")
            for running in tenant.running {
                let since = running.since.map { " since " + Timestamp(millisecondsSince1970: $0).iso8601 } ?? ""
                lines.append("  running \(running.jobID)\(since)")
                guard let job = running.job else {
                    lines.append("    (no job record yet: the execution has not planned it)")
                    continue
                }
                let detail = JobStatusView.detail(job, now: now, color: color)
                lines += detail.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { "    " + $0 }
            }
            for queued in tenant.queued {
                let since = Timestamp(millisecondsSince1970: queued.slot.queuedAt).iso8601
                lines.append("  queued  \(queued.slot.jobID) #\(queued.position) in the queue, since \(since)")
            }
            lines.append("")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The `--json` view.
    func json(now: Timestamp) -> JSONValue {
        let rows: [JSONValue] = tenants.map { tenant in
            let running: [JSONValue] = tenant.running.map { entry in
                var object: JSONObject = ["job_id": .string(entry.jobID)]
                if let since = entry.since {
                    object["since"] = .string(Timestamp(millisecondsSince1970: since).iso8601)
                }
                if let job = entry.job {
                    object["job"] = JobStatusView.json(job)
                    if let rate = JobStatusView.throughput(job), let eta = JobStatusView.eta(job, rate: rate) {
                        object["eta_seconds"] = .int(eta.components.seconds)
                    }
                }
                return .object(object)
            }
            let queued: [JSONValue] = tenant.queued.map {
                [
                    "job_id": .string($0.slot.jobID), "position": .int(Int64($0.position)),
                    "since": .string(Timestamp(millisecondsSince1970: $0.slot.queuedAt).iso8601),
                ]
            }
            return ["tenant_id": .string(tenant.tenantID), "running": .array(running), "queued": .array(queued)]
        }
        return [
            "cap": .int(Int64(cap)), "running": .int(Int64(slots.running.count)),
            "queued": .int(Int64(slots.queued.count)), "tenants": .array(rows),
        ]
    }
}
