import AWS
import BackfillCore
import BackfillTesting
import ConnectWiseFake
import HTTP
import JSON

/// moto_server (S3 with signature checking, the jobs, tenant services and sync marker tables, Secrets Manager)
/// plus the ConnectWise fake and a Lambda Invoke stand-in, with tenant `t1` connected to ConnectWise.
struct TenantStack: Sendable {
    static let bucket = "tenant-lake"
    static let secretName = "tenants/t1/connectwise"

    let moto: MotoServer
    let connectWise: ConnectWiseFake
    let lambda: LambdaInvokeEndpoint

    static func with<Result>(
        privateKey: String = "fake-private", connectWiseOptions: ConnectWiseFake.Options = ConnectWiseFake.Options(),
        lambdaRespond: @escaping @Sendable (String, JSONValue) -> LoopbackResponse = { _, _ in
            LoopbackResponse(status: 200, text: #"{"records":[]}"#)
        },
        motoEnvironment: [String: String] = [:],
        _ body: (TenantStack) async throws -> Result
    ) async throws -> Result {
        let connectWise = try ConnectWiseFake(options: connectWiseOptions)
        defer { connectWise.stop() }
        let lambda = try LambdaInvokeEndpoint(responder: lambdaRespond)
        defer { lambda.stop() }
        return try await MotoServer.withServer(environment: motoEnvironment) { moto in
            let stack = TenantStack(moto: moto, connectWise: connectWise, lambda: lambda)
            try await stack.withClient { client in
                try await S3Client(client: client).createBucket(bucket)
                let dynamo = DynamoDBClient(client: client)
                _ = try await dynamo.createTable(DynamoDBJobStore.tableDefinition(name: "BackfillJobs"))
                _ = try await dynamo.createTable(
                    DynamoDBTableDefinition(
                        name: "TenantServices", partitionKey: .init("tenant_id"), sortKey: .init("service")))
                _ = try await dynamo.createTable(
                    DynamoDBTableDefinition(
                        name: "LastUpdated", partitionKey: .init("tenant_id"), sortKey: .init("table_name")))
                try await dynamo.putItem(
                    table: "TenantServices",
                    item: [
                        "tenant_id": "t1", "service": "connectwise", "enabled": true,
                        "secret_name": .string(secretName),
                        "connected_at": "2023-01-01T00:00:00Z",
                    ])
                let secret: JSONValue = [
                    "api_url": .string(connectWise.endpoint), "company_id": "acme", "public_key": "fake-public",
                    "private_key": .string(privateKey), "client_id": "fake-client",
                ]
                _ = try await client.callJSON(
                    .secretsManager, "CreateSecret",
                    ["Name": .string(secretName), "SecretString": .string(secret.serialized())])
            }
            return try await body(stack)
        }
    }

    /// What a function or the CLI needs in its environment.
    var environment: [String: String] {
        moto.environment.merging([
            "AWS_ENDPOINT_URL_LAMBDA": lambda.baseURL, "DATA_BUCKET": Self.bucket, "JOBS_TABLE": "BackfillJobs",
            "TENANT_SERVICES_TABLE": "TenantServices", "LAST_UPDATED_TABLE": "LastUpdated", "ENVIRONMENT": "test",
            "BACKFILL_LEASE_SECONDS": "3", "PATH": "/usr/bin:/bin",
        ]) { $1 }
    }

    /// A signed client on a fresh transport for checks.
    func withClient<Result>(_ body: (AWSClient) async throws -> Result) async throws -> Result {
        try await CurlHTTPClient.withClient { http in
            try await body(AWSClient(configuration: moto.configuration(), transport: http))
        }
    }
}

extension TenantStack {
    /// Raw Parquet keys in the bucket (listed by the slash-free prefix: moto refuses a signed `/` in a prefix).
    func parquetKeys() async throws -> [String] {
        try await withClient { client in
            try await S3Client(client: client).listAllObjects(bucket: Self.bucket, prefix: "t1").map(\.key).filter {
                $0.hasSuffix(".parquet")
            }
        }
    }
}
