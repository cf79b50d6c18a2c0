public import AWS
import Synchronization
public import Timekeeping

/// The ``JobStore`` on DynamoDB, in `BackfillJobs`. New jobs use ``PartitionItemLayout``: a small header item
/// per job and one item per partition, so every claim or completion writes about 1 KB (a conditional update of
/// the partition item and a counter update of the header) however large the job. Jobs written by earlier versions
/// as one item (``JobItemLayout``) are still read and run in their layout. Claims are checked against the
/// partition's last known state (status, attempts, lease expiry), kept from this store's own writes, so a claim
/// costs no read while one worker runs a job; when another worker changed the partition the condition fails, the
/// store reads the job (consistently) and decides again.
public final class DynamoDBJobStore: JobStore {
    /// The DynamoDB client.
    public let dynamo: DynamoDBClient
    /// The table name.
    public let table: String
    /// The GSI on `tenant_id` + `status`.
    public static let tenantStatusIndex = "tenant-status"
    let cache = Mutex<[String: (record: JobRecord, version: Int)]>([:])
    /// Jobs known to use ``PartitionItemLayout`` (true) or the single-item layout (false).
    let layouts = Mutex<[String: Bool]>([:])
    /// Item indices of partitions whose index differs from their position (after a split died half-way).
    let positions = Mutex<[String: [String: Int]]>([:])

    /// A store on `table`.
    public init(dynamo: DynamoDBClient, table: String = "BackfillJobs") {
        self.dynamo = dynamo
        self.table = table
    }

    /// The table's definition: hash key `job_id`, GSI `tenant-status` (`tenant_id`, `status`). Enable TTL on
    /// `expires_at` where the table is declared.
    public static func tableDefinition(name: String = "BackfillJobs") -> DynamoDBTableDefinition {
        DynamoDBTableDefinition(
            name: name,
            partitionKey: .init("job_id"),
            globalIndexes: [.init(name: tenantStatusIndex, partitionKey: .init("tenant_id"), sortKey: .init("status"))]
        )
    }

    public func createJob(_ definition: JobDefinition, now: Timestamp) async throws -> (
        record: JobRecord, created: Bool
    ) {
        guard definition.partitionKeys.count <= PartitionItemLayout.maximumPartitions else {
            throw BackfillCoreError(
                .jobTooLarge,
                "\(definition.partitionKeys.count) partitions exceed \(PartitionItemLayout.maximumPartitions); use larger windows",
                context: ["job": definition.jobID])
        }
        guard Set(definition.partitionKeys).count == definition.partitionKeys.count else {
            throw BackfillCoreError(.invalidPartition, "duplicate partition keys", context: ["job": definition.jobID])
        }
        let record = JobRecord(definition, now: now)
        do {
            // The key chunks first: a header is only ever visible with its keys in place.
            let chunks = PartitionItemLayout.chunkItems(definition, expiresAt: now + PartitionItemLayout.itemLifetime)
            try await dynamo.batchWrite(table: table, chunks.map { .put($0) })
            try await dynamo.putItem(
                table: table,
                item: PartitionItemLayout.header(record, version: 1, chunkedCount: record.partitions.count),
                condition: "attribute_not_exists(job_id)"
            )
            layouts.withLock { $0[record.jobID] = true }
            remember(record, version: 1)
            return (record, true)
        } catch let error as AWSError where error.isConditionalCheckFailed {
            guard let existing = try await read(definition.jobID) else { throw error }
            return (existing.record, false)
        }
    }

    public func job(id: String) async throws -> JobRecord? {
        try await read(id)?.record
    }

    public func listJobs(limit: Int) async throws -> [JobSummary] {
        var query = DynamoDBQuery(table: table, projection: Self.summaryProjection, names: Self.summaryNames)
        var summaries: [JobSummary] = []
        repeat {
            let page = try await dynamo.scan(query)
            summaries += page.items.compactMap(Self.summary)
            query.exclusiveStartKey = page.lastEvaluatedKey
        } while query.exclusiveStartKey != nil
        return Array(summaries.sorted { ($0.createdAt, $0.jobID) > ($1.createdAt, $1.jobID) }.prefix(limit))
    }

    /// Running jobs of `tenantID` from the GSI (to limit concurrent backfills per tenant).
    public func runningJobs(tenantID: String?) async throws -> [JobSummary] {
        let query = DynamoDBQuery(
            table: table,
            index: Self.tenantStatusIndex,
            keyCondition: "#a2 = :t AND #a3 = :running",
            projection: Self.summaryProjection,
            names: Self.summaryNames,
            values: [
                ":t": .string(tenantID ?? JobItemLayout.noTenant), ":running": .string(JobStatus.running.rawValue),
            ]
        )
        return try await dynamo.queryAll(query).compactMap(Self.summary)
    }

    /// Reads the job consistently (the header and, for the items layout, its partitions) and refreshes the cache.
    func read(_ jobID: String) async throws -> (record: JobRecord, version: Int)? {
        guard let item = try await dynamo.getItem(table: table, key: ["job_id": .string(jobID)], consistentRead: true)
        else { return nil }
        let itemsLayout = item["layout"]?.stringValue == PartitionItemLayout.layoutName
        layouts.withLock { $0[jobID] = itemsLayout }
        let decoded = itemsLayout ? try await readPartitions(header: item) : try JobItemLayout.job(from: item)
        remember(decoded.record, version: decoded.version)
        return decoded
    }

    /// Whether `jobID` uses the items layout (from this store's memory, else one read of the job).
    func usesItems(_ jobID: String) async throws -> Bool {
        if let known = layouts.withLock({ $0[jobID] }) { return known }
        guard try await read(jobID) != nil else {
            throw BackfillCoreError(.jobNotFound, "no such job", context: ["job": jobID])
        }
        return layouts.withLock { $0[jobID] } ?? false
    }

    /// The cached job, or a fresh read.
    func known(_ jobID: String, fresh: Bool) async throws -> (record: JobRecord, version: Int) {
        if !fresh, let cached = cache.withLock({ $0[jobID] }) { return cached }
        guard let decoded = try await read(jobID) else {
            throw BackfillCoreError(.jobNotFound, "no such job", context: ["job": jobID])
        }
        return decoded
    }

    func remember(_ record: JobRecord, version: Int) {
        cache.withLock { $0[record.jobID] = (record, version) }
    }

    /// Applies `change` to the cached job after a successful write of it.
    func applyLocally(_ jobID: String, _ change: (inout JobRecord) -> Void) {
        cache.withLock { cache in
            guard var entry = cache[jobID] else { return }
            change(&entry.record)
            entry.version += 1
            cache[jobID] = entry
        }
    }

    /// One conditional `UpdateItem`; false when the condition failed.
    func update(_ jobID: String, _ expression: UpdateExpression) async throws -> Bool {
        do {
            try await dynamo.updateItem(
                table: table,
                key: ["job_id": .string(jobID)],
                update: expression.update,
                condition: expression.condition,
                names: expression.names,
                values: expression.values,
                returnValues: "NONE"
            )
            return true
        } catch let error as AWSError where error.isConditionalCheckFailed {
            return false
        }
    }

    /// Every top-level attribute except the partition map, through name placeholders (`handler` and others are
    /// reserved words).
    static let summaryAttributes = [
        "job_id", "handler", "tenant_id", "status", "status_reason", "created_at", "updated_at", "count_pending",
        "count_running", "count_succeeded", "count_failed", "count_skipped", "records",
    ]
    static let summaryProjection = summaryAttributes.indices.map { "#a\($0)" }.joined(separator: ", ")
    static let summaryNames = Dictionary(uniqueKeysWithValues: summaryAttributes.enumerated().map { ("#a\($0)", $1) })

    static func summary(_ item: DynamoDBItem) -> JobSummary? {
        guard let id = item["job_id"]?.stringValue, let status = item["status"]?.stringValue.flatMap(JobStatus.init)
        else { return nil }
        var totals = JobTotals()
        totals.pending = item["count_pending"]?.intValue ?? 0
        totals.running = item["count_running"]?.intValue ?? 0
        totals.succeeded = item["count_succeeded"]?.intValue ?? 0
        totals.failed = item["count_failed"]?.intValue ?? 0
        totals.skipped = item["count_skipped"]?.intValue ?? 0
        totals.records = Int64(item["records"]?.intValue ?? 0)
        let tenant = item["tenant_id"]?.stringValue
        let created = JobItemLayout.timestamp(item["created_at"]) ?? Timestamp(millisecondsSince1970: 0)
        return JobSummary(
            jobID: id,
            handler: item["handler"]?.stringValue ?? "",
            tenantID: tenant == JobItemLayout.noTenant ? nil : tenant,
            status: status,
            statusReason: item["status_reason"]?.stringValue,
            createdAt: created,
            updatedAt: JobItemLayout.timestamp(item["updated_at"]) ?? created,
            totals: totals
        )
    }
}
