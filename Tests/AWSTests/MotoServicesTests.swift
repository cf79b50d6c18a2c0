import AWS
import BackfillTesting
import HTTP
import JSON
import Testing
import Timekeeping

@Suite("Cost Explorer, CloudWatch, Lambda, Step Functions, Secrets Manager and SSM against moto_server")
struct MotoServicesTests {
    @Test("reads queued Cost Explorer results")
    func costAndUsage() async throws {
        try await MotoServer.withServer { moto in
            try await moto.configureMock(
                path: "/moto-api/static/ce/cost-and-usage-results",
                json: """
                    {"results":[{"ResultsByTime":[{"TimePeriod":{"Start":"2025-10-01","End":"2025-11-01"},
                    "Total":{"UnblendedCost":{"Amount":"12.5","Unit":"USD"}},"Groups":[],"Estimated":false}]}]}
                    """)
            try await CurlHTTPClient.withClient { http in
                let ce = CostExplorerClient(client: AWSClient(configuration: moto.configuration(), transport: http))
                let results = try await ce.getAllCostAndUsage(
                    start: CivilDate(year: 2025, month: 10, day: 1), end: CivilDate(year: 2025, month: 11, day: 1),
                    groupBy: [(type: "DIMENSION", key: "SERVICE")])
                #expect(results.count == 1)
                #expect(results.first?["Total"]?["UnblendedCost"]?["Amount"] == "12.5")
            }
        }
    }

    @Test("publishes metrics and reads them back with ListMetrics")
    func putMetricData() async throws {
        try await MotoServer.withServer { moto in
            try await CurlHTTPClient.withClient { http in
                let client = AWSClient(configuration: moto.configuration(), transport: http)
                try await CloudWatchClient(client: client).putMetricData(
                    namespace: "Backfill/Analytics",
                    [
                        MetricDatum(name: "ActiveUsers", value: 42, dimensions: [(name: "App", value: "chess")]),
                        MetricDatum(
                            name: "GamesPlayed", value: 7, timestamp: Timestamp(secondsSince1970: 1_763_683_200)),
                    ])
                let listed = try await client.callJSON(.cloudWatch, "ListMetrics", ["Namespace": "Backfill/Analytics"])
                let names = Set(listed["Metrics"]?.arrayValue?.compactMap { $0["MetricName"]?.stringValue } ?? [])
                #expect(names == ["ActiveUsers", "GamesPlayed"])
            }
        }
    }

    @Test("invokes a function synchronously and as an event")
    func lambdaInvoke() async throws {
        try await MotoServer.withServer { moto in
            try await moto.configureMock(path: "/moto-api/config", json: #"{"lambda":{"use_docker":false}}"#)
            try await moto.configureMock(
                path: "/moto-api/static/lambda-simple/response",
                json: #"{"results":["{\"ok\":true}"],"region":"\#(moto.region)"}"#)
            try await CurlHTTPClient.withClient { http in
                let client = AWSClient(configuration: moto.configuration(), transport: http)
                let role = try await moto.createRole(name: "ingest-role")
                let create: JSONValue = [
                    "FunctionName": "ingest", "Runtime": "python3.12", "Handler": "index.handler",
                    "Role": .string(role), "Code": ["ZipFile": "UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA=="],
                ]
                _ = try await client.send(
                    AWSRequest(
                        service: .lambda, operation: "CreateFunction", method: "POST",
                        url: moto.endpoint + "/2015-03-31/functions", headers: ["Content-Type": "application/json"],
                        body: create.serializedBytes()))
                let lambda = LambdaClient(client: client)
                let sync = try await lambda.invoke(function: "ingest", payload: Array(#"{"a":1}"#.utf8))
                #expect(sync.status == 200)
                #expect(String(decoding: sync.payload, as: UTF8.self) == #"{"ok":true}"#)
                let event = try await lambda.invoke(function: "ingest", payload: Array("{}".utf8), type: .event)
                #expect(event.status == 202)
            }
        }
    }

    @Test("starts a Step Functions execution, reads a secret and a parameter")
    func stepFunctionsSecretsParameters() async throws {
        try await MotoServer.withServer { moto in
            try await CurlHTTPClient.withClient { http in
                let client = AWSClient(configuration: moto.configuration(), transport: http)
                let machine = try await client.callJSON(
                    .stepFunctions, "CreateStateMachine",
                    [
                        "name": "chunks", "roleArn": "arn:aws:iam::123456789012:role/sfn",
                        "definition": #"{"StartAt":"Done","States":{"Done":{"Type":"Succeed"}}}"#,
                    ])
                let machineARN = try #require(machine["stateMachineArn"]?.stringValue)
                let execution = try await StepFunctionsClient(client: client).startExecution(
                    stateMachineARN: machineARN, input: #"{"job_id":"j1"}"#, name: "j1-run")
                #expect(execution.contains("chunks"))
                #expect(execution.hasSuffix("j1-run"))

                _ = try await client.callJSON(
                    .secretsManager, "CreateSecret", ["Name": "fred/api-key", "SecretString": "s3cr3t-value"])
                let secret = try await SecretsManagerClient(client: client).getSecretValue("fred/api-key")
                #expect(secret.string == "s3cr3t-value")
                #expect(!"\(secret)".contains("s3cr3t"))
                let noSecret = await #expect(throws: AWSError.self) {
                    _ = try await SecretsManagerClient(client: client).getSecretValue("absent")
                }
                #expect(noSecret?.serviceCode == "ResourceNotFoundException")

                _ = try await client.callJSON(
                    .ssm, "PutParameter", ["Name": "/backfill/table", "Value": "BackfillJobs", "Type": "String"])
                #expect(try await SSMClient(client: client).getParameter("/backfill/table") == "BackfillJobs")
                let noParameter = await #expect(throws: AWSError.self) {
                    _ = try await SSMClient(client: client).getParameter("/absent")
                }
                #expect(noParameter?.serviceCode == "ParameterNotFound")
            }
        }
    }
}
