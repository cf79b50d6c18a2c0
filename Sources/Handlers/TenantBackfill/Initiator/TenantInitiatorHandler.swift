import BackfillCore
public import JSON
public import LambdaRuntime
import Logging

/// `_HANDLER=tenant-initiator`: starts tenant backfills as `TenantBackfill` executions within the cap, queues
/// the rest, and starts queued ones when a slot frees. Events: see ``TenantInitiatorRequest``.
public struct TenantInitiatorHandler: JSONLambdaHandler {
    public let initiator: TenantInitiator

    public init(initiator: TenantInitiator) { self.initiator = initiator }

    public func handle(event: JSONValue, context: LambdaContext) async throws -> JSONValue {
        let request = try TenantInitiatorRequest(event: event)
        let result = try await initiator.run(request)
        context.logger.info(
            "tenant-initiator done",
            metadata: [
                "started": "\(result["started"]?.arrayValue?.count ?? 0)",
                "queued": "\(result["queued"]?.arrayValue?.count ?? 0)",
            ])
        return result
    }
}
