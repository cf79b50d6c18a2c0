import AWS
import BackfillCore
import BackfillTesting
import JSON
import Logging
import TenantBackfill
import Testing
import Timekeeping

/// The initiator's scheduled run (`auto_detect`) against moto with signature checking: it frees the slots of
/// executions that ended without their last step and starts the queue, and takes the regular sync's first
/// marker as the connection time of a service without `connected_at`.
@Suite("tenant-initiator's scheduled run: slot reclaim and the sync-marker fallback (moto)", .serialized)
struct MotoInitiatorReclaimTests {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    static func run(_ handler: TenantInitiatorHandler, _ event: JSONValue) async throws -> JSONValue {
        try await handler.initiator.run(try TenantInitiatorRequest(event: event))
    }

    static func ids(_ list: JSONValue?) -> [String] {
        (list?.arrayValue ?? []).compactMap { $0["job_id"]?.stringValue ?? $0.stringValue }
    }

    @Test("an execution stopped without its last step: the next auto_detect frees its slot and starts the queue")
    func reclaim() async throws {
        try await TenantStack.with { stack in
            try await stack.withClient { client in
                try await DynamoDBClient(client: client).putItem(
                    table: "TenantServices",
                    item: [
                        "tenant_id": "t2", "service": "connectwise", "secret_name": .string(TenantStack.secretName),
                        "connected_at": "2023-01-01T00:00:00Z",
                    ])
            }
            let handler = try await TenantInitiatorFamily.make(
                HandlerSetup(
                    variables: try await stack.initiatorEnvironment(maxConcurrent: 1), logger: Self.logger))
            let manual: (String) -> JSONValue = { tenant in
                ["tenant_id": .string(tenant), "service": "connectwise", "start_date": "2023-01-01"]
            }
            let first = try await Self.run(handler, manual("t1"))
            let arn = try #require(first["started"]?.arrayValue?.first?["execution_arn"]?.stringValue)
            #expect(
                Self.ids(try await Self.run(handler, manual("t2"))["queued"]) == ["backfill_t2_connectwise_20230101"])

            // Nothing ended yet: the scheduled run frees nothing and starts nothing.
            let idle = try await Self.run(handler, ["auto_detect": true])
            #expect(idle["released"] == nil && Self.ids(idle["started"]).isEmpty)

            try await stack.withClient { client in
                _ = try await client.callJSON(.stepFunctions, "StopExecution", ["executionArn": .string(arn)])
            }
            let result = try await Self.run(handler, ["auto_detect": true])
            #expect(Self.ids(result["released"]) == ["backfill_t1_connectwise_20230101"])
            #expect(Self.ids(result["started"]) == ["backfill_t2_connectwise_20230101"])
            try await stack.withClient { client in
                let store = DynamoDBInitiatorSlotStore(dynamo: DynamoDBClient(client: client), table: "BackfillJobs")
                let slots = try await store.read().slots
                #expect(slots.running.map(\.jobID) == ["backfill_t2_connectwise_20230101"] && slots.queued.isEmpty)
            }
        }
    }

    @Test("without connected_at, the earliest sync marker of the service decides whether it is new")
    func markerFallback() async throws {
        try await TenantStack.with { stack in
            let now = SystemTimeSource().now
            func stamp(daysAgo: Int64) -> String {
                (now - .seconds(daysAgo * 86_400)).civil.date.iso8601 + "T00:00:00Z"
            }
            try await stack.withClient { client in
                let dynamo = DynamoDBClient(client: client)
                for tenant in ["t2", "t3", "t4"] {
                    try await dynamo.putItem(
                        table: "TenantServices",
                        item: [
                            "tenant_id": .string(tenant), "service": "connectwise",
                            "secret_name": .string(TenantStack.secretName),
                        ])
                }
                let markers: [(String, String, Int64)] = [
                    ("t2", "connectwise#tickets", 1), ("t2", "connectwise#companies", 2),
                    ("t3", "connectwise#tickets", 1), ("t3", "connectwise#companies", 30),
                    ("t4", "servicenow#incident", 1),  // another service's marker does not count
                ]
                for (tenant, table, days) in markers {
                    try await dynamo.putItem(
                        table: "LastUpdated",
                        item: [
                            "tenant_id": .string(tenant), "table_name": .string(table),
                            "last_updated": .string(stamp(daysAgo: days)),
                        ])
                }
            }
            let handler = try await TenantInitiatorFamily.make(
                HandlerSetup(variables: try await stack.initiatorEnvironment(), logger: Self.logger))
            let result = try await Self.run(handler, ["auto_detect": true])
            let started = Self.ids(result["started"])
            #expect(started.count == 1 && started.first?.hasPrefix("backfill_t2_connectwise_") == true)
            let skipped = (result["skipped"]?.arrayValue ?? []).compactMap { entry in
                entry["tenant_id"]?.stringValue.map { $0 + ": " + (entry["reason"]?.stringValue ?? "") }
            }
            #expect(
                skipped == [
                    "t1: connected more than 7 days ago", "t3: connected more than 7 days ago",
                    "t4: no connected_at",
                ])
        }
    }
}
