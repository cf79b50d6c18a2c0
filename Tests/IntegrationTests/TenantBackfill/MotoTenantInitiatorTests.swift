import AWS
import BackfillCore
import BackfillTesting
import JSON
import Logging
import TenantBackfill
import Testing
import Timekeeping

/// `tenant-initiator` wired from the environment against moto (signature checking on): the slot item in the
/// jobs table with conditional writes, Secrets Manager, and Step Functions `StartExecution` on a state machine
/// that records executions.
@Suite("tenant-initiator against moto", .serialized)
struct MotoTenantInitiatorTests {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    /// Tenants `t2…tN` connected to ConnectWise with t1's secret.
    static func addTenants(_ stack: TenantStack, upTo last: Int) async throws {
        try await stack.withClient { client in
            for index in 2...last {
                try await DynamoDBClient(client: client).putItem(
                    table: "TenantServices",
                    item: [
                        "tenant_id": .string("t\(index)"), "service": "connectwise", "enabled": true,
                        "secret_name": .string(TenantStack.secretName),
                    ])
            }
        }
    }

    static func run(_ handler: TenantInitiatorHandler, _ event: JSONValue) async throws -> JSONValue {
        try await handler.initiator.run(try TenantInitiatorRequest(event: event))
    }

    static func manual(_ tenant: String) -> JSONValue {
        ["tenant_id": .string(tenant), "service": "connectwise", "start_date": "2023-01-01", "end_date": "2023-03-01"]
    }

    static func job(_ tenant: String) -> String { "backfill_\(tenant)_connectwise_20230101" }

    @Test("the cap holds, a job started twice is one execution, and a finished job's slot starts the queue")
    func capQueueAndIdempotence() async throws {
        try await TenantStack.with { stack in
            try await Self.addTenants(stack, upTo: 3)
            let environment = try await stack.initiatorEnvironment(maxConcurrent: 2)
            let handler = try await TenantInitiatorFamily.make(
                HandlerSetup(variables: environment, logger: Self.logger))
            let first = try await Self.run(handler, Self.manual("t1"))
            let arn = try #require(first["started"]?.arrayValue?.first?["execution_arn"]?.stringValue)
            let again = try await Self.run(handler, Self.manual("t1"))
            #expect(again["started"]?.arrayValue?.first?["execution_arn"]?.stringValue == arn)
            _ = try await Self.run(handler, Self.manual("t2"))
            let third = try await Self.run(handler, Self.manual("t3"))
            #expect(third["queued"]?.arrayValue?.first?["job_id"]?.stringValue == Self.job("t3"))

            try await stack.withClient { client in
                let store = DynamoDBInitiatorSlotStore(dynamo: DynamoDBClient(client: client), table: "BackfillJobs")
                let (slots, version) = try await store.read()
                #expect(slots.running.map(\.jobID) == [Self.job("t1"), Self.job("t2")])
                #expect(slots.queued.map(\.jobID) == [Self.job("t3")])
                #expect(version == 3)
                // A write on a stale version loses.
                #expect(try await store.write(InitiatorSlots(), expected: 1) == false)
                let execution = try await StepFunctionsClient(client: client).describeExecution(executionARN: arn)
                #expect(execution.status == "RUNNING")
                let starter = StepFunctionsExecutionStarter(
                    client: StepFunctionsClient(client: client),
                    stateMachineARN: try #require(environment["TENANT_STATE_MACHINE_ARN"]))
                #expect(try await starter.hasEnded(name: Self.job("t2")) == false)
                #expect(try await starter.hasEnded(name: "never-started") == false)
            }

            let next = try await Self.run(handler, ["start_queued": true, "finished_job_id": .string(Self.job("t1"))])
            #expect(next["started"]?.arrayValue?.first?["job_id"]?.stringValue == Self.job("t3"))
            let started = try #require(next["started"]?.arrayValue?.first?["execution_arn"]?.stringValue)
            #expect(started.hasSuffix(":execution:TenantBackfill:" + Self.job("t3")))
        }
    }

    @Test("a missing TENANT_STATE_MACHINE_ARN is a configuration error naming it")
    func missingStateMachine() async throws {
        try await TenantStack.with { stack in
            await #expect(throws: TenantBackfillError.self) {
                _ = try await TenantInitiatorFamily.make(
                    HandlerSetup(variables: stack.environment, logger: Self.logger))
            }
            do {
                _ = try await TenantInitiatorFamily.make(
                    HandlerSetup(variables: stack.environment, logger: Self.logger))
            } catch let error as TenantBackfillError {
                #expect(error.code == .configuration && error.message.contains("TENANT_STATE_MACHINE_ARN"))
            }
        }
    }

    @Test("auto-detect over moto: a new service starts; old, finished and credential-less ones are skipped")
    func autoDetect() async throws {
        try await TenantStack.with { stack in
            let today = SystemTimeSource().now.civil.date.iso8601 + "T00:00:00Z"
            try await stack.withClient { client in
                let dynamo = DynamoDBClient(client: client)
                for (tenant, secret) in [("t2", TenantStack.secretName), ("t3", TenantStack.secretName), ("t4", "")] {
                    var item: DynamoDBItem = [
                        "tenant_id": .string(tenant), "service": "connectwise", "connected_at": .string(today),
                    ]
                    if !secret.isEmpty { item["secret_name"] = .string(secret) }
                    try await dynamo.putItem(table: "TenantServices", item: item)
                }
                try await dynamo.putItem(
                    table: "BackfillJobs",
                    item: [
                        "job_id": "backfill_t3_connectwise_20240101", "tenant_id": "t3", "status": "completed",
                        "handler": "tenant-backfill",
                    ])
            }
            let handler = try await TenantInitiatorFamily.make(
                HandlerSetup(variables: try await stack.initiatorEnvironment(), logger: Self.logger))
            let result = try await Self.run(handler, ["auto_detect": true])
            let started = (result["started"]?.arrayValue ?? []).compactMap { $0["job_id"]?.stringValue }
            #expect(started.count == 1 && started.first?.hasPrefix("backfill_t2_connectwise_") == true)
            let skipped = (result["skipped"]?.arrayValue ?? []).compactMap { entry in
                entry["tenant_id"]?.stringValue.map { $0 + ": " + (entry["reason"]?.stringValue ?? "") }
            }
            #expect(
                skipped == [
                    "t1: connected more than 7 days ago", "t3: a backfill job is already completed",
                    "t4: tenant t4 service connectwise has no credentials: secret_name is missing",
                ])
        }
    }
}
