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

    /// The dry run: chunks per table, and a request estimate (at least one request a chunk).
    static func dryRun(_ plan: TenantJobPlan) -> JSONValue {
        var tables = JSONObject()
        for table in plan.tables {
            let chunks = plan.chunks.filter { $0.table == table }
            tables[table] = [
                "chunks": .array(chunks.map { .string("\($0.start.iso8601)..\($0.end.iso8601)") }),
                "estimated_requests": .int(Int64(chunks.count)),
            ]
        }
        let minutes = Double(plan.chunks.count) / Double(max(1, plan.settings.requestsPerMinute))
        let body: JSONValue = [
            "message": "dry_run", "dry_run": true, "job_id": .string(plan.jobID), "tenant_id": .string(plan.tenantID),
            "service": .string(plan.service), "start_date": .string(plan.start.iso8601),
            "end_date": .string(plan.end.iso8601), "chunk_size_days": .int(Int64(plan.settings.chunkSizeDays)),
            "requests_per_minute": .int(Int64(plan.settings.requestsPerMinute)), "tables": .object(tables),
            "estimated_minutes_at_limit": .double(minutes),
            "note": "a minimum: one request a chunk; every further page is one more",
        ]
        return ["statusCode": 200, "body": body]
    }
}
