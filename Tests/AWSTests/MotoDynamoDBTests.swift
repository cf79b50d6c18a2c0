import AWS
import BackfillTesting
import HTTP
import Testing

@Suite("DynamoDB against moto_server with signature checking")
struct MotoDynamoDBTests {
    static let jobs = DynamoDBTableDefinition(
        name: "BackfillJobs", partitionKey: .init("job_id"), sortKey: .init("partition"),
        globalIndexes: [.init(name: "tenant-status", partitionKey: .init("tenant_id"), sortKey: .init("status"))])

    @Test("creates and describes a table, then reads and writes items with conditions")
    func itemsAndConditions() async throws {
        try await MotoServer.withServer { moto in
            try await CurlHTTPClient.withClient { http in
                let dynamo = DynamoDBClient(client: AWSClient(configuration: moto.configuration(), transport: http))
                let created = try await dynamo.createTable(Self.jobs)
                #expect(created.name == "BackfillJobs")
                let described = try await dynamo.describeTable("BackfillJobs")
                #expect(described.status == "ACTIVE")
                #expect(described.arn.hasSuffix("table/BackfillJobs"))

                let key: DynamoDBItem = ["job_id": "j1", "partition": "2025-11"]
                try await dynamo.putItem(
                    table: "BackfillJobs", item: key.merging(["status": "pending", "attempts": 0]) { $1 },
                    condition: "attribute_not_exists(job_id)")
                let again = await #expect(throws: AWSError.self) {
                    try await dynamo.putItem(
                        table: "BackfillJobs", item: key, condition: "attribute_not_exists(job_id)")
                }
                #expect(again?.isConditionalCheckFailed == true)
                #expect(again?.status == 400)
                #expect(again?.operation == "PutItem")

                let updated = try await dynamo.updateItem(
                    table: "BackfillJobs", key: key, update: "SET #s = :running ADD attempts :one",
                    condition: "#s = :pending", names: ["#s": "status"],
                    values: [":running": "running", ":pending": "pending", ":one": 1])
                #expect(updated?["status"] == "running")
                #expect(updated?["attempts"]?.intValue == 1)

                let read = try await dynamo.getItem(table: "BackfillJobs", key: key, consistentRead: true)
                #expect(read?["status"] == "running")
                let missing = try await dynamo.getItem(
                    table: "BackfillJobs", key: ["job_id": "nope", "partition": "x"])
                #expect(missing == nil)
            }
        }
    }
}

extension MotoDynamoDBTests {
    @Test("queries a GSI page by page, scans in parallel segments and batch-writes")
    func queryScanBatch() async throws {
        try await MotoServer.withServer { moto in
            try await CurlHTTPClient.withClient { http in
                let dynamo = DynamoDBClient(client: AWSClient(configuration: moto.configuration(), transport: http))
                try await dynamo.createTable(Self.jobs)
                let writes: [DynamoDBClient.WriteRequest] = (0..<60).map { number in
                    .put([
                        "job_id": .string("job-\(number % 3)"), "partition": .string("p-\(100 + number)"),
                        "tenant_id": .string(number % 2 == 0 ? "acme" : "globex"),
                        "status": .string(number % 4 == 0 ? "running" : "pending"), "n": .number(number),
                    ])
                }
                try await dynamo.batchWrite(table: "BackfillJobs", writes)

                var query = DynamoDBQuery(
                    table: "BackfillJobs", index: "tenant-status", keyCondition: "tenant_id = :t AND #s = :s",
                    names: ["#s": "status"], values: [":t": "acme", ":s": "running"], limit: 4)
                let first = try await dynamo.query(query)
                #expect(first.items.count == 4)
                #expect(first.lastEvaluatedKey != nil)
                let all = try await dynamo.queryAll(query)
                let expected = (0..<60).filter { $0 % 2 == 0 && $0 % 4 == 0 }.count
                #expect(all.count == expected)
                #expect(all.allSatisfy { $0["tenant_id"] == "acme" && $0["status"] == "running" })

                query = DynamoDBQuery(
                    table: "BackfillJobs", keyCondition: "job_id = :j", values: [":j": "job-1"],
                    scanIndexForward: false)
                let descending = try await dynamo.queryAll(query)
                #expect(descending.count == 20)
                let partitions = descending.compactMap { $0["partition"]?.stringValue }
                #expect(partitions == partitions.sorted(by: >))

                let scanned = try await dynamo.parallelScan(
                    DynamoDBQuery(table: "BackfillJobs", limit: 7), totalSegments: 3)
                #expect(scanned.count == 60)
                #expect(Set(scanned.compactMap { $0["n"]?.intValue }) == Set(0..<60))

                try await dynamo.batchWrite(
                    table: "BackfillJobs",
                    (0..<30).map {
                        .delete(key: ["job_id": .string("job-\($0 % 3)"), "partition": .string("p-\(100 + $0)")])
                    })
                let remaining = try await dynamo.parallelScan(DynamoDBQuery(table: "BackfillJobs"), totalSegments: 2)
                #expect(remaining.count == 30)
            }
        }
    }

    @Test("starts a point-in-time export, describes and lists it")
    func exports() async throws {
        try await MotoServer.withServer { moto in
            try await CurlHTTPClient.withClient { http in
                let client = AWSClient(configuration: moto.configuration(), transport: http)
                let dynamo = DynamoDBClient(client: client)
                try await S3Client(client: client).createBucket("exports")
                let table = try await dynamo.createTable(Self.jobs)
                try await dynamo.putItem(table: "BackfillJobs", item: ["job_id": "a", "partition": "b"])
                let refused = await #expect(throws: AWSError.self) {
                    try await dynamo.exportTableToPointInTime(tableARN: table.arn, bucket: "exports", prefix: "x")
                }
                #expect(refused?.serviceCode == "PointInTimeRecoveryUnavailableException")
                try await dynamo.updateContinuousBackups(table: "BackfillJobs", pointInTimeRecovery: true)
                let started = try await dynamo.exportTableToPointInTime(
                    tableARN: table.arn, bucket: "exports", prefix: "snapshots")
                #expect(!started.arn.isEmpty)
                #expect(started.bucket == "exports")
                #expect(started.exportType == "FULL_EXPORT")
                let described = try await dynamo.describeExport(arn: started.arn)
                #expect(described.arn == started.arn)
                #expect(["IN_PROGRESS", "COMPLETED"].contains(described.status))
                let listed = try await dynamo.listExports(tableARN: table.arn)
                #expect(listed.map(\.arn) == [started.arn])
            }
        }
    }

    @Test("surfaces a missing table as ResourceNotFoundException")
    func missingTable() async throws {
        try await MotoServer.withServer { moto in
            await CurlHTTPClient.withClient { http in
                let dynamo = DynamoDBClient(client: AWSClient(configuration: moto.configuration(), transport: http))
                let error = await #expect(throws: AWSError.self) { try await dynamo.describeTable("Nope") }
                #expect(error?.serviceCode == "ResourceNotFoundException")
                #expect(error?.isNotFound == true)
                #expect(error?.requestID != nil)
                #expect(error?.attempts == 1)
            }
        }
    }
}
