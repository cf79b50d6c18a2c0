import BackfillCore
import JSON
import Logging
import Redaction
import Timekeeping

/// After a table's last chunk: invoke its canonical transform asynchronously (exact payload), advance the
/// incremental sync marker to the backfill's end (only forward), and record both in the job's summary object
/// `{tenant}/backfill/{job_id}.json`, which also keeps a table from being triggered twice (and, between finalizers
/// running at once, ``TableFinalizationClaim``).
struct TableFinalizer: Sendable {
    let configuration: TenantBackfillConfiguration
    let dependencies: TenantBackfillDependencies
    let logger: Logger

    /// The canonical-transform payload of `table`.
    static func canonicalPayload(plan: TenantJobPlan, table: String) -> JSONValue {
        [
            "tenant_id": .string(plan.tenantID), "service": .string(plan.service), "table_name": .string(table),
            "backfill_mode": true, "job_id": .string(plan.jobID), "start_date": .string(plan.start.iso8601),
            "end_date": .string(plan.end.iso8601),
            "s3_prefix": .string(
                TenantRawLayout.tablePrefix(tenantID: plan.tenantID, service: plan.service, table: table) + "/"),
        ]
    }

    /// Finalizes every table of `job` whose chunks are all settled without failure and that the summary does not
    /// show finalized yet; rewrites the summary. Returns the tables finalized now.
    func finalize(plan: TenantJobPlan, job: JobRecord) async throws -> [String] {
        let key = TenantRawLayout.summaryKey(tenantID: plan.tenantID, jobID: plan.jobID)
        var tables = JSONObject()
        if try await dependencies.objects.exists(key),
            let previous = try? JSONParser.parse(try await dependencies.objects.getBytes(key)),
            case .object(let recorded) = previous["tables"]
        {
            tables = recorded
        }
        var finalized: [String] = []
        for table in plan.tables {
            // Every partition of the table in the job, including halves a split added after planning.
            let states = job.partitions.filter { TenantRawLayout.parsePartitionKey($0.key)?.table == table }
            let done = states.filter { $0.status == .succeeded || $0.status == .skipped }.count
            let failed = states.filter { $0.status == .failed && $0.isSettled(maxAttempts: job.maxAttempts) }.count
            var entry = tables[table]?.objectValue ?? JSONObject()
            entry["chunks"] = .int(Int64(states.count))
            entry["chunks_done"] = .int(Int64(done))
            entry["chunks_failed"] = .int(Int64(failed))
            entry["records"] = .int(states.reduce(0) { $0 + $1.records })
            let complete = done == states.count && !states.isEmpty
            entry["status"] = .string(complete ? "complete" : failed > 0 ? "failed" : "running")
            if complete, entry["canonical_triggered_at"] == nil,
                try await TableFinalizationClaim(store: dependencies.schemas, now: dependencies.time.now)
                    .acquire(jobID: plan.jobID, table: table)
            {
                let function = configuration.canonicalFunction(table: table)
                let payload = Self.canonicalPayload(plan: plan, table: table)
                _ = try await dependencies.functions.invoke(
                    function: function, payload: payload.serializedBytes(), async: true)
                let marker = plan.end.iso8601 + "T00:00:00Z"
                let moved = try await dependencies.markers.advance(
                    tenantID: plan.tenantID,
                    tableName: DynamoDBSyncMarkers.tableName(service: plan.service, table: table),
                    to: marker)
                entry["canonical_function"] = .string(function)
                entry["canonical_triggered_at"] = .string(dependencies.time.now.iso8601)
                entry["sync_marker"] = .string(marker)
                entry["sync_marker_moved"] = .bool(moved)
                finalized.append(table)
                logger.info(
                    "table complete: canonical transform triggered",
                    metadata: ["table": "\(table)", "function": "\(function)", "marker_moved": "\(moved)"])
            }
            tables[table] = .object(entry)
        }
        let summary: JSONValue = [
            "job_id": .string(plan.jobID), "tenant_id": .string(plan.tenantID), "service": .string(plan.service),
            "start_date": .string(plan.start.iso8601), "end_date": .string(plan.end.iso8601),
            "status": .string(job.status.rawValue), "updated_at": .string(dependencies.time.now.iso8601),
            "tables": .object(tables),
        ]
        try await dependencies.objects.put(
            key, body: Array(summary.serialized(pretty: true).utf8) + [0x0A], contentType: "application/json")
        return finalized
    }
}
