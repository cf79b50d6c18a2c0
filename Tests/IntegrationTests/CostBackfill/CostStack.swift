import AWS
import BackfillCore
import BackfillTesting
import CostExplorerFake
import HTTP
import Timekeeping

/// moto_server (S3 with signature checking, the DynamoDB jobs table) plus the Cost Explorer fake, and the
/// environment that points `bootstrap`, `backfill` or the in-process wiring at them.
struct CostStack: Sendable {
    static let bucket = "cost-data"
    static let table = "BackfillJobs"

    let moto: MotoServer
    let fake: CostExplorerFake

    /// Starts both, creates the bucket and the table, runs `body`, stops both.
    static func with<Result>(
        fakeOptions: CostExplorerFake.Options = CostStack.defaultFakeOptions,
        _ body: (CostStack) async throws -> Result
    ) async throws -> Result {
        let fake = try CostExplorerFake(options: fakeOptions)
        defer { fake.stop() }
        return try await MotoServer.withServer { moto in
            let stack = CostStack(moto: moto, fake: fake)
            try await stack.withClients { s3, dynamo in
                try await s3.createBucket(bucket)
                try await dynamo.createTable(DynamoDBJobStore.tableDefinition(name: table))
            }
            return try await body(stack)
        }
    }

    /// Pages of 10 groups (4 usage pages a month), no latency, no rate enforcement.
    static var defaultFakeOptions: CostExplorerFake.Options {
        var options = CostExplorerFake.Options()
        options.pageSize = 10
        return options
    }

    /// What a function or the CLI needs in its environment.
    var environment: [String: String] {
        moto.environment.merging([
            "AWS_ENDPOINT_URL_COST_EXPLORER": fake.endpoint, "DATA_BUCKET": Self.bucket, "DATA_PREFIX": "cost",
            "JOBS_TABLE": Self.table, "BACKFILL_LEASE_SECONDS": "3", "PATH": "/usr/bin:/bin",
        ]) { $1 }
    }

    /// S3 and DynamoDB clients on a fresh transport for checks.
    func withClients<Result>(_ body: (S3Client, DynamoDBClient) async throws -> Result) async throws -> Result {
        try await CurlHTTPClient.withClient { http in
            let client = AWSClient(configuration: moto.configuration(), transport: http)
            return try await body(S3Client(client: client), DynamoDBClient(client: client))
        }
    }

    /// Every object under `cost/` with its bytes.
    func objects() async throws -> [String: [UInt8]] {
        try await withClients { s3, _ in
            var result: [String: [UInt8]] = [:]
            for object in try await s3.listAllObjects(bucket: Self.bucket, prefix: "cost") {
                result[object.key] = try await s3.getObjectBytes(bucket: Self.bucket, key: object.key)
            }
            return result
        }
    }

    /// Turns on versioning, so a test can count how often each key was written.
    func enableVersioning() async throws {
        try await withClients { s3, _ in
            let body =
                #"<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">"#
                + "<Status>Enabled</Status></VersioningConfiguration>"
            _ = try await s3.client.send(
                AWSRequest(
                    service: .s3, operation: "PutBucketVersioning", method: "PUT",
                    url: "\(moto.endpoint)/\(Self.bucket)?versioning=", headers: ["Content-Type": "application/xml"],
                    body: Array(body.utf8)))
        }
    }

    /// How many versions each key under `cost/` has.
    func versionCounts() async throws -> [String: Int] {
        try await withClients { s3, _ in
            let response = try await s3.client.send(
                AWSRequest(
                    service: .s3, operation: "ListObjectVersions", method: "GET",
                    url: "\(moto.endpoint)/\(Self.bucket)?prefix=cost&versions="))
            let root = try XMLScanner.parse(response.body)
            var counts: [String: Int] = [:]
            for version in root.children("Version") {
                if let key = version.text("Key") { counts[key, default: 0] += 1 }
            }
            return counts
        }
    }
}
