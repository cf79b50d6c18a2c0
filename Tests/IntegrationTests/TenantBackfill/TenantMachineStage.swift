import AWS
import BackfillCore
import BackfillTesting
import Foundation
import HTTP
import JSON
import LambdaRuntime
import Logging
import TenantBackfill
import Timekeeping

/// The `TenantBackfill` state machine read out of template.yaml and created in moto (executing definitions), with
/// `tenant-backfill` and `tenant-initiator` behind its Lambda tasks through a second Invoke endpoint on
/// `MOTO_PORT`; the tenant stack's own endpoint plays the ingestion and canonical functions.
struct TenantMachineStage: Sendable {
    static let templatePath =
        String(#filePath.dropLast("Tests/IntegrationTests/TenantBackfill/TenantMachineStage.swift".count))
        + "template.yaml"
    static let backfillARN = "arn:aws:lambda:us-east-1:123456789012:function:TenantBackfillFunction"
    static let initiatorARN = "arn:aws:lambda:us-east-1:123456789012:function:TenantInitiatorFunction"
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    let stack: TenantStack
    let machine: LambdaInvokeEndpoint
    let stateMachineARN: String
    let initiator: TenantInitiatorHandler

    /// The definition between the BEGIN/END markers with the function ARNs substituted.
    static func definition() throws -> String {
        let template = try String(contentsOfFile: templatePath, encoding: .utf8)
        let lines = template.split(separator: "\n", omittingEmptySubsequences: false)
        guard let begin = lines.firstIndex(where: { $0.contains("BEGIN TenantBackfill") }),
            let end = lines.firstIndex(where: { $0.contains("END TenantBackfill") })
        else { throw AWSError(.invalidRequest, "no TenantBackfill definition in template.yaml") }
        return lines[(begin - 1)...(end + 2)].map { String($0.drop { $0 == " " }) }.joined(separator: "\n")
            .replacingOccurrences(of: "${TenantBackfillFunction.Arn}", with: backfillARN)
            .replacingOccurrences(of: "${TenantInitiatorFunction.Arn}", with: initiatorARN)
    }

    /// Runs `body` with moto executing the machine; `config` is `BACKFILL_CONFIG`, `lambdaRespond` scripts the
    /// ingestion functions, `wrap` stands between the Invoke endpoint and `tenant-backfill` (a crashing function).
    static func with(
        config: String? = nil,
        lambdaRespond: @escaping @Sendable (String, JSONValue) -> LoopbackResponse = { _, _ in
            LoopbackResponse(status: 200, text: #"{"records":[]}"#)
        },
        wrap: @escaping @Sendable (any LambdaHandler) -> any LambdaHandler = { $0 },
        _ body: (TenantMachineStage) async throws -> Void
    ) async throws {
        let backfill = DeferredHandler()
        let initiatorHandler = DeferredHandler()
        let machine = try LambdaInvokeEndpoint(functions: [
            "TenantBackfillFunction": backfill, "TenantInitiatorFunction": initiatorHandler,
        ])
        defer { machine.stop() }
        try await TenantStack.with(lambdaRespond: lambdaRespond, motoEnvironment: ["MOTO_PORT": String(machine.port)]) {
            stack in
            machine.forwardOtherCalls(to: stack.moto.configuration())  // a Distributed Map's ItemReader
            try await stack.moto.configureMock(
                path: "/moto-api/config", json: #"{"stepfunctions":{"execute_state_machine":true}}"#)
            let arn = try await stack.withClient { client in
                try await StepFunctionsClient(client: client).createStateMachine(
                    name: "TenantBackfill", definition: try definition(),
                    roleARN: "arn:aws:iam::123456789012:role/states")
            }
            var environment = stack.environment
            environment["TENANT_STATE_MACHINE_ARN"] = arn
            if let config { environment["BACKFILL_CONFIG"] = config }
            let setup = HandlerSetup(variables: environment, logger: logger)
            let tenantBackfill = try await TenantBackfillFamily.make(setup)
            let initiator = try await TenantInitiatorFamily.make(setup)
            backfill.handler.withLock { $0 = wrap(tenantBackfill) }
            initiatorHandler.handler.withLock { $0 = initiator }
            try await body(
                TenantMachineStage(stack: stack, machine: machine, stateMachineARN: arn, initiator: initiator))
        }
    }

    /// Starts an execution named `name` with `input` and waits for it to end.
    func execute(name: String, input: JSONValue) async throws -> StepFunctionsExecution {
        try await stack.withClient { client in
            let sfn = StepFunctionsClient(client: client)
            let execution = try await sfn.startExecution(
                stateMachineARN: stateMachineARN, input: input.serialized(), name: name)
            return try await wait(execution)
        }
    }

    /// Polls `executionARN` until it ends (at most 3 minutes).
    func wait(_ executionARN: String) async throws -> StepFunctionsExecution {
        try await stack.withClient { client in
            let sfn = StepFunctionsClient(client: client)
            var described = try await sfn.describeExecution(executionARN: executionARN)
            for _ in 0..<1_800 where !described.isFinished {
                try await Task.sleep(for: .milliseconds(100))  // a real interpreter in another process
                described = try await sfn.describeExecution(executionARN: executionARN)
            }
            return described
        }
    }

    /// The job as the tracker holds it.
    func job(_ jobID: String) async throws -> JobRecord? {
        try await stack.withClient { client in
            try await DynamoDBJobStore(dynamo: DynamoDBClient(client: client), table: "BackfillJobs").job(id: jobID)
        }
    }

    /// The summary object `t1/backfill/{job}.json`.
    func summary(_ jobID: String) async throws -> JSONValue {
        try await stack.withClient { client in
            try JSONParser.parse(
                try await S3Client(client: client).getObjectBytes(
                    bucket: TenantStack.bucket, key: "t1/backfill/\(jobID).json"))
        }
    }

    /// Registers tenant t1's ingestion-Lambda service `service` (no secret: its function holds the credentials).
    func addLambdaService(_ service: String) async throws {
        try await stack.withClient { client in
            try await DynamoDBClient(client: client).putItem(
                table: "TenantServices",
                item: [
                    "tenant_id": "t1", "service": .string(service), "enabled": true,
                    "connected_at": "2023-01-01T00:00:00Z",
                ])
        }
    }

    /// An ingestion function's answer for the window of `payload`: one record every 10 days from its start.
    static func records(for payload: JSONValue) -> LoopbackResponse {
        guard let start = CivilDate(iso8601: String((payload["start_date"]?.stringValue ?? "").prefix(10))),
            let end = CivilDate(iso8601: String((payload["end_date"]?.stringValue ?? "").prefix(10)))
        else { return LoopbackResponse(status: 200, text: #"{"records":[]}"#) }
        var records: [JSONValue] = []
        var day = start
        while day < end {
            records.append([
                "id": .int(Int64(day.daysSince1970)), "lastUpdated": .string(day.iso8601 + "T12:00:00Z"),
                "name": .string("event of \(day.iso8601)"),
            ])
            day = day.adding(days: 10)
        }
        return LoopbackResponse(status: 200, text: JSONValue.object(["records": .array(records)]).serialized())
    }

    /// The state machine's input for tenant t1's `service` job over `start..<end` (its job id dated 2023-01-01).
    static func input(_ service: String, start: String, end: String) -> JSONValue {
        [
            "job_id": .string("backfill_t1_\(service)_20230101"), "tenant_id": "t1", "service": .string(service),
            "start_date": .string(start), "end_date": .string(end),
        ]
    }

    /// The acme ingestion function: records for every window but the one starting at `window`, which fails.
    static func failing(window: String) -> @Sendable (String, JSONValue) -> LoopbackResponse {
        { function, payload in
            guard function == "avesa-acme-ingestion-test" else { return records(for: payload) }
            return payload["start_date"]?.stringValue == window
                ? functionError("upstream down") : records(for: payload)
        }
    }

    /// A function error as Lambda answers it.
    static func functionError(_ message: String) -> LoopbackResponse {
        LoopbackResponse(
            status: 200, headers: ["X-Amz-Function-Error": "Unhandled"],
            text: JSONValue.object(["errorMessage": .string(message), "errorType": "SourceDown"]).serialized())
    }
}

/// `tenant-backfill` crashing (a function error before it touches the job) on its first `times` invocations for
/// `partition`, as a function killed or throttled would look to the state machine.
final class CrashingHandler: LambdaHandler {
    let inner: any LambdaHandler
    let partition: String
    let remaining: LockedValue<Int>

    init(_ inner: any LambdaHandler, partition: String, times: Int) {
        self.inner = inner
        self.partition = partition
        remaining = LockedValue(times)
    }

    func handle(_ event: [UInt8], context: LambdaContext) async throws -> [UInt8] {
        let target = (try? JSONParser.parse(event))?["partition"]?.stringValue == partition
        if target,
            remaining.withLock({ left in
                defer { left -= 1 }; return left > 0
            })
        {
            throw AWSError(.invalidRequest, "simulated crash")
        }
        return try await inner.handle(event, context: context)
    }
}
