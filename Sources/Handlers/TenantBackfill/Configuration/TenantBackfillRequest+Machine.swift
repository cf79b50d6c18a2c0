import JSON

extension TenantBackfillRequest {
    /// The `TenantBackfill` state machine's step events, or nil when `object` is none of them:
    ///
    /// - `{"plan": {<the initiator's input>}}` (or `{"plan": true, <the input's members>}`): the input is a start
    ///   (`tenant_id`, `service`, dates, `chunk_size_days`, `tables`) plus the initiator's `job_id`;
    /// - `{"pending_job_id": J, "pass": N}` (`pass` optional, a whole number ≥ 0);
    /// - `{"finalize_job_id": J}`.
    static func machineStep(_ object: JSONObject) throws(TenantBackfillError) -> TenantBackfillRequest? {
        if let value = object["plan"], value != .null {
            var input: JSONObject
            if case .object(let nested) = value {
                input = nested
            } else if value.boolValue == true {
                input = object
                input["plan"] = nil
            } else {
                throw TenantBackfillError(
                    .invalidEvent, "plan must be the execution's input (an object with tenant_id and service) or true")
            }
            let jobID = try jobIDMember(input, "job_id", required: false)
            input["job_id"] = nil
            guard input["tenant_id"] != nil else {
                throw TenantBackfillError(.invalidEvent, "plan needs tenant_id and service")
            }
            guard case .start(let start) = try TenantBackfillRequest(event: .object(input)) else {
                throw TenantBackfillError(.invalidEvent, "plan needs tenant_id and service")
            }
            return .plan(start, jobID: jobID)
        }
        if object["pending_job_id"] != nil {
            let jobID = try jobIDMember(object, "pending_job_id", required: true) ?? ""
            var pass = 0
            if let value = object["pass"], value != .null {
                guard let number = value.intValue, number >= 0, number <= 1_000_000 else {
                    throw TenantBackfillError(.invalidEvent, "pass must be a whole number ≥ 0")
                }
                pass = Int(number)
            }
            return .pending(jobID: jobID, pass: pass)
        }
        if object["finalize_job_id"] != nil {
            return .finalize(jobID: try jobIDMember(object, "finalize_job_id", required: true) ?? "")
        }
        return nil
    }

    private static func jobIDMember(_ object: JSONObject, _ name: String, required: Bool) throws(TenantBackfillError)
        -> String?
    {
        guard let value = object[name], value != .null else {
            if required { throw TenantBackfillError(.invalidEvent, "\(name) is required") }
            return nil
        }
        guard let text = value.stringValue, !text.isEmpty, text.count <= 256 else {
            throw TenantBackfillError(.invalidEvent, "\(name) must be a non-empty job id")
        }
        return text
    }
}
