import BackfillCore
import JSON

/// The invocation's answer in the existing tool's shape: `{"statusCode": 200|207, "body": {"message",
/// "succeeded", "failed": [{"period","error"}], "skipped"}}`, months newest first, plus fields the old tool did
/// not have (`job_id`, `mode`, `skip_reasons`, and `remaining` when the run stopped early).
enum CostBackfillResult {
    /// The report of a run.
    ///
    /// A month the plan skipped (present in the bucket, or done earlier in the job) is `skipped` even though the
    /// tracker records it as succeeded; a month the tracker skipped (no data) is `skipped`; one still pending or
    /// running (deadline, another worker) is `remaining`.
    static func report(
        job: JobRecord,
        plan: DryRunPlan,
        stop: RunStop,
        request: CostBackfillRequest,
        indexError: String?
    ) -> JSONValue {
        let decisions = Dictionary(plan.decisions.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var succeeded: [JSONValue] = []
        var failed: [JSONValue] = []
        var skipped: [JSONValue] = []
        var reasons = JSONObject()
        var remaining: [JSONValue] = []
        for state in job.partitions {
            let decision = decisions[state.key]
            switch state.status {
            case .succeeded where decision?.action == .skip:
                skipped.append(.string(state.key))
                reasons[state.key] = .string(decision?.reason.rawValue ?? "already succeeded")
            case .succeeded:
                succeeded.append(.string(state.key))
            case .skipped:
                skipped.append(.string(state.key))
                reasons[state.key] = .string(state.lastError ?? decision?.reason.rawValue ?? "skipped")
            case .failed:
                failed.append(
                    .object(["period": .string(state.key), "error": .string(state.lastError ?? "unknown error")]))
            case .pending, .running:
                remaining.append(.string(state.key))
            }
        }
        let complete = remaining.isEmpty
        var body: JSONObject = [
            "message": .string(message(request, complete: complete, stop: stop)),
            "succeeded": .array(succeeded),
            "failed": .array(failed),
            "skipped": .array(skipped),
            "skip_reasons": .object(reasons),
            "mode": .string(request.mode == .normal ? "normal" : "backfill"),
            "job_id": .string(job.jobID),
        ]
        if !complete {
            body["remaining"] = .array(remaining)
            body["continue"] = .bool(stop.needsContinuation)
        }
        if let indexError { body["index_error"] = .string(indexError) }
        let status = failed.isEmpty && indexError == nil ? 200 : 207
        return ["statusCode": .int(Int64(status)), "body": .object(body)]
    }

    /// `backfill_complete` / `update_complete` when every month is settled; otherwise why the run stopped.
    static func message(_ request: CostBackfillRequest, complete: Bool, stop: RunStop) -> String {
        let name = request.mode == .normal ? "update" : "backfill"
        guard !complete else { return "\(name)_complete" }
        switch stop {
        case .cancelled: return "\(name)_cancelled"
        case .paused: return "\(name)_paused"
        case .deadline, .finished: return "\(name)_incomplete"
        }
    }

    /// The dry run's answer: the plan (months to process and to skip, with reasons) and the estimate.
    static func dryRun(_ plan: DryRunPlan, request: CostBackfillRequest, jobID: String, model: CostModel) -> JSONValue {
        var body = plan.json.objectValue ?? JSONObject()
        body["message"] = "dry_run"
        body["mode"] = .string(request.mode == .normal ? "normal" : "backfill")
        body["job_id"] = .string(jobID)
        body["cost_explorer"] = [
            "requests_per_month": .double(model.requestsPerPartition),
            "price_per_request_usd": .double(model.dollarsPerRequest),
            "note": "a minimum: every further page of results is one more request",
        ]
        return ["statusCode": 200, "body": .object(body)]
    }
}
