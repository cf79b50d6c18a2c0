import AWS
import BackfillCore
import BackfillTesting
import JSON
import Logging
import TenantBackfill
import Testing

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
}
