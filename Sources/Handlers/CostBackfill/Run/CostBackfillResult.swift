import BackfillCore
import JSON

/// The invocation's answer in the existing tool's shape: the core ``BackfillReport`` (`statusCode` 200|207,
/// `message`, `succeeded`, `failed` [{period, error}], `skipped`, `skip_reasons`, `job_id`, and `remaining` /
/// `continue` when the run stopped early), months newest first, extended with `mode` and `index_error`.
enum CostBackfillResult {
    /// The report of a run.
    static func report(_ outcome: RunOutcome, request: CostBackfillRequest, indexError: String?) -> JSONValue {
        var report = outcome.report(message: "")
        report.message = message(request, complete: report.isComplete, stop: outcome.summary.stop)
        report.fields["mode"] = .string(request.mode == .normal ? "normal" : "backfill")
        if let indexError {
            report.fields["index_error"] = .string(indexError)
            report.isMultiStatus = true
        }
        return report.json
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
