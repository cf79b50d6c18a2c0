import BackfillCore
import JSON
import Timekeeping

/// The invocation's answer: the core ``BackfillReport`` (`statusCode` 200|207, `message`, `succeeded`,
/// `failed`, `skipped`, `job_id`, `remaining` and `continue` when time ran short) plus `tenant_id`, `service`,
/// per-table counts of this invocation (`tables`) and the tables finalized (`canonical_triggered`).
enum TenantBackfillResult {
    static func report(
        _ report: BackfillReport, plan: TenantJobPlan, counts: [String: ChunkResult], finalized: [String]
    ) -> JSONValue {
        var report = report
        if report.message.isEmpty {
            report.message = report.isComplete ? "backfill_complete" : "backfill_incomplete"
        }
        report.fields["tenant_id"] = .string(plan.tenantID)
        report.fields["service"] = .string(plan.service)
        report.fields["start_date"] = .string(plan.start.iso8601)
        report.fields["end_date"] = .string(plan.end.iso8601)
        var tables = JSONObject()
        for table in plan.tables {
            let result = counts[table] ?? ChunkResult()
            tables[table] = [
                "fetched": .int(Int64(result.fetched)), "written": .int(Int64(result.written)),
                "rejected": .int(Int64(result.rejected)), "duplicates": .int(Int64(result.duplicates)),
                "pages": .int(Int64(result.pages)), "throttles": .int(Int64(result.throttles)),
                "splits": .int(Int64(result.splits)),
            ]
        }
        report.fields["tables"] = .object(tables)
        report.fields["canonical_triggered"] = .array(finalized.map(JSONValue.string))
        return report.json
    }

    /// The dry run: chunks per table, and a request estimate: the pages `X-Total-Count` probes counted (`pages`,
    /// by partition key), else one request a chunk.
    static func dryRun(_ plan: TenantJobPlan, pages: [String: Int] = [:]) -> JSONValue {
        var tables = JSONObject()
        var requests = 0
        for table in plan.tables {
            let chunks = plan.chunks.filter { $0.table == table }
            let estimate = chunks.reduce(0) { $0 + (pages[$1.partitionKey] ?? 1) }
            requests += estimate
            tables[table] = [
                "chunks": .array(chunks.map { .string("\($0.start.iso8601)..\($0.end.iso8601)") }),
                "estimated_requests": .int(Int64(estimate)),
            ]
        }
        let minutes = Double(requests) / Double(max(1, plan.settings.requestsPerMinute))
        let body: JSONValue = [
            "message": "dry_run", "dry_run": true, "job_id": .string(plan.jobID), "tenant_id": .string(plan.tenantID),
            "service": .string(plan.service), "start_date": .string(plan.start.iso8601),
            "end_date": .string(plan.end.iso8601), "chunk_size_days": .int(Int64(plan.settings.chunkSizeDays)),
            "requests_per_minute": .int(Int64(plan.settings.requestsPerMinute)), "tables": .object(tables),
            "estimated_minutes_at_limit": .double(minutes),
            "estimated_requests": .int(Int64(requests)), "probed": .bool(!pages.isEmpty),
            "note": pages.isEmpty
                ? "a minimum: one request a chunk; every further page is one more"
                : "pages counted by X-Total-Count probes (one request a chunk, not included)",
        ]
        return ["statusCode": 200, "body": body]
    }
}
