import AWS
import Synchronization
import Timekeeping

/// Reads and partition writes of jobs in ``PartitionItemLayout``: a conditional update of the partition's own item,
/// then a counter update of the small header (about 1 KB each, whatever the job's size).
extension DynamoDBJobStore {
    /// The job whose header is `header`: its keys from the key chunks, each partition from its item (absent: never
    /// claimed, pending), all read consistently.
    func readPartitions(header: DynamoDBItem) async throws -> (record: JobRecord, version: Int) {
        var (record, version) = try JobItemLayout.header(from: header)
        let jobID = record.jobID
        let chunkCount = header["key_chunks"]?.intValue ?? 0
        let chunkItems = try await dynamo.batchGet(
            table: table, keys: (0..<chunkCount).map { ["job_id": .string(PartitionItemLayout.chunkKey(jobID, $0))] },
            consistentRead: true)
        var chunks: [String: [String]] = [:]
        for item in chunkItems {
            guard let id = item["job_id"]?.stringValue else { continue }
            chunks[id] = item["keys"]?.listValue?.compactMap(\.stringValue) ?? []
        }
        let chunked = (0..<chunkCount).flatMap { chunks[PartitionItemLayout.chunkKey(jobID, $0)] ?? [] }
        guard chunked.count == header["chunked_count"]?.intValue ?? chunked.count else {
            throw BackfillCoreError(.storeFailure, "job key chunks are incomplete", context: ["job": jobID])
        }
        let count = header["partition_count"]?.intValue ?? chunked.count
        let items = try await dynamo.batchGet(
            table: table,
            keys: (0..<count).map { ["job_id": .string(PartitionItemLayout.partitionKey(jobID, $0))] },
            consistentRead: true)
        var byIndex: [Int: DynamoDBItem] = [:]
        for item in items { if let index = item["i"]?.intValue { byIndex[index] = item } }
        // Beyond the chunks, a key lives in its item; an index reserved by a split that died before writing its
        // item has none and is left out, and a key two racing splits both added counts once.
        var seen = Set<String>()
        var indices: [String: Int] = [:]
        record.partitions = (0..<count).compactMap { index in
            guard let key = index < chunked.count ? chunked[index] : byIndex[index]?["k"]?.stringValue,
                seen.insert(key).inserted
            else { return nil }
            indices[key] = index
            return byIndex[index].map { PartitionItemLayout.state(from: $0, key: key) } ?? PartitionState(key: key)
        }
        positions.withLock { $0[jobID] = indices }
        record.totals = JobTotals(record.partitions)
        return (record, version)
    }

    /// The partition item's key.
    func itemKey(_ jobID: String, _ index: Int) -> DynamoDBItem {
        ["job_id": .string(PartitionItemLayout.partitionKey(jobID, index))]
    }

    /// The item index of `partition` (its position in the job, or the index a split gave it).
    func itemIndex(_ jobID: String, _ partition: String, in job: JobRecord) throws -> Int {
        if let index = positions.withLock({ $0[jobID]?[partition] }) { return index }
        return try Self.index(of: partition, in: job)
    }

    /// One conditional `UpdateItem` on any item; false when the condition failed.
    func update(key: DynamoDBItem, _ expression: UpdateExpression) async throws -> Bool {
        do {
            try await dynamo.updateItem(
                table: table, key: key, update: expression.update, condition: expression.condition,
                names: expression.names, values: expression.values, returnValues: "NONE")
            return true
        } catch let error as AWSError where error.isConditionalCheckFailed {
            return false
        }
    }

    /// Requires the partition item to still be in `state` (an absent item is a never-claimed pending partition).
    func requireState(_ expression: inout UpdateExpression, _ state: PartitionState) {
        let status = expression.path("s")
        let attempts = expression.path("a")
        if state.status == .pending && state.attempts == 0 {
            let pending = expression.value(.string(PartitionStatus.pending.rawValue))
            let zero = expression.value(.number(0))
            expression.require("attribute_not_exists(\(status)) OR (\(status) = \(pending) AND \(attempts) = \(zero))")
            return
        }
        expression.require(status, equals: .string(state.status.rawValue))
        expression.require(attempts, equals: .number(state.attempts))
        if state.status == .running, let lease = state.lease {
            expression.require(expression.path("x"), equals: JobItemLayout.number(lease.expiresAt))
        }
    }

    /// The identity attributes every partition item carries.
    func setIdentity(_ expression: inout UpdateExpression, jobID: String, index: Int, key: String, created: Timestamp) {
        expression.set(expression.path("parent"), .string(jobID))
        expression.set(expression.path("k"), .string(key))
        expression.set(expression.path("i"), .number(index))
        expression.set(
            expression.path("expires_at"),
            .number(String((created + PartitionItemLayout.itemLifetime).secondsSince1970)))
    }

    /// Moves the header's counters for a partition going from `from` to `to` (and its operator maps).
    func updateHeader(
        _ jobID: String,
        key: String,
        from: PartitionStatus,
        to: PartitionStatus,
        owner: String? = nil,
        finalFailure attempts: Int? = nil,
        records: Int64 = 0,
        now: Timestamp,
        requireAccepting: Bool = false
    ) async throws -> Bool {
        var expression = UpdateExpression()
        if requireAccepting {
            let status = expression.path("status")
            let pending = expression.value(.string(JobStatus.pending.rawValue))
            let running = expression.value(.string(JobStatus.running.rawValue))
            expression.require("\(status) IN (\(pending), \(running))")
            expression.set(status, .string(JobStatus.running.rawValue))
        }
        if from != to {
            expression.add(expression.path("count_" + from.rawValue), -1)
            expression.add(expression.path("count_" + to.rawValue), 1)
        }
        if records != 0 { expression.add(expression.path("records"), Int(records)) }
        if let owner {
            expression.set(expression.path("running", key), .string(owner))
        } else if from == .running {
            expression.remove(expression.path("running", key))
        }
        if let attempts { expression.set(expression.path("failed", key), .number(attempts)) }
        expression.set(expression.path("updated_at"), JobItemLayout.number(now))
        return try await update(key: ["job_id": .string(jobID)], expression)
    }
}
