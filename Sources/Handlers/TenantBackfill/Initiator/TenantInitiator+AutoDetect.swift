import JSON
import Timekeeping

extension TenantInitiator {
    /// How recently a service must have been connected for auto-detect to backfill it.
    public static let newServiceWindow: Duration = .seconds(7 * 86_400)

    /// Starts (or queues) a backfill of every enabled tenant service connected in the last 7 days that has
    /// usable credentials and no running or completed backfill job; every other service is listed in `skipped`
    /// with the reason. Without `connected_at`, the connection time is when the regular sync first wrote: the
    /// earliest `last_updated` marker of the service's tables (``TenantDiscovery/firstSynced(tenantID:service:)``).
    func autoDetect(_ discovery: any TenantDiscovery, into result: inout InitiatorResult) async throws {
        let now = time.now
        for service in try await discovery.services() {
            let item = service.item
            func skip(_ reason: String) {
                result.skipped.append(
                    ["tenant_id": .string(item.tenantID), "service": .string(item.service), "reason": .string(reason)])
            }
            if let problem = service.problem {
                skip(problem)
                continue
            }
            guard item.enabled else {
                skip("disabled")
                continue
            }
            let synced =
                service.connectedAt == nil
                ? try await discovery.firstSynced(tenantID: item.tenantID, service: item.service) : nil
            guard let connected = service.connectedAt ?? synced else {
                skip("no connected_at")  // and no sync marker either
                continue
            }
            guard now - connected <= Self.newServiceWindow else {
                skip("connected more than 7 days ago")
                continue
            }
            if let status = try await discovery.backfillStatus(tenantID: item.tenantID, service: item.service) {
                skip("a backfill job is already \(status)")
                continue
            }
            let start = TenantBackfillRequest.Start(tenantID: item.tenantID, service: item.service)
            let plan: TenantJobPlan
            do {
                plan = try await validate(start)
            } catch let error as TenantBackfillError {
                skip(error.message)
                continue
            }
            try await admit(plan, request: start, into: &result)
        }
    }
}
