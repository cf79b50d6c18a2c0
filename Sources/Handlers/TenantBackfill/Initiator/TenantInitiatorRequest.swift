public import JSON

/// What one `tenant-initiator` event asks for, validated; a wrong field is an `invalidEvent` error naming it.
///
/// - `{"auto_detect": true}`, or the EventBridge schedule's event (`"source": "aws.events"`): find new tenant
///   services and start their backfills;
/// - `{"start_queued": true, "finished_job_id"?}`: free the slot of a finished job (the state machine's last
///   step) and start queued jobs, oldest first;
/// - `{"tenant_id","service","start_date"?,"end_date"?,"chunk_size_days"?,"tables"?}`: start one job (manual).
public enum TenantInitiatorRequest: Sendable, Hashable {
    /// Scan the tenant services for new ones.
    case autoDetect
    /// Release `finishedJobID` (when given) and start what the cap allows from the queue.
    case startQueued(finishedJobID: String?)
    /// Start (or queue) one tenant's backfill.
    case manual(TenantBackfillRequest.Start)

    /// Validates `event`.
    public init(event: JSONValue) throws(TenantBackfillError) {
        guard case .object(let object) = event else {
            throw TenantBackfillError(.invalidEvent, "the event must be a JSON object, got \(event.typeDescription)")
        }
        if object["source"]?.stringValue == "aws.events" || object["detail-type"]?.stringValue == "Scheduled Event" {
            self = .autoDetect
            return
        }
        if let value = object["auto_detect"], value != .null {
            guard value.boolValue == true else {
                throw TenantBackfillError(.invalidEvent, "auto_detect must be true (or left out for a manual start)")
            }
            self = .autoDetect
            return
        }
        if let value = object["start_queued"], value != .null {
            guard value.boolValue == true else {
                throw TenantBackfillError(.invalidEvent, "start_queued must be true")
            }
            var finished: String?
            if let id = object["finished_job_id"], id != .null {
                guard let text = id.stringValue, !text.isEmpty, text.count <= 256 else {
                    throw TenantBackfillError(.invalidEvent, "finished_job_id must be a non-empty string")
                }
                finished = text
            }
            self = .startQueued(finishedJobID: finished)
            return
        }
        guard object["tenant_id"] != nil else {
            throw TenantBackfillError(
                .invalidEvent,
                "tenant_id and service are required (or auto_detect: true, or start_queued: true)")
        }
        guard case .start(let start) = try TenantBackfillRequest(event: event) else {
            throw TenantBackfillError(.invalidEvent, "a manual start takes tenant_id and service, not a job_id")
        }
        guard !start.dryRun else {
            throw TenantBackfillError(.invalidEvent, "dry_run is for tenant-backfill itself, not the initiator")
        }
        self = .manual(start)
    }
}
