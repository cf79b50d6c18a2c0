import AWS
public import Timekeeping

/// Partitions added to a running job (a partition splitting itself into halves).
extension DynamoDBJobStore {
    /// Appends `keys` to a job in ``PartitionItemLayout``: reserves the next item indices on the header (a
    /// conditional update of `partition_count`), then writes a pending item per new key carrying the key.
    func itemsAddPartitions(jobID: String, keys: [String], now: Timestamp) async throws -> [String] {
        for _ in 0..<Self.raceRetries {
            let job = try await known(jobID, fresh: true).record
            let existing = Set(job.partitions.map(\.key))
            var seen = Set<String>()
            let new = keys.filter { !existing.contains($0) && seen.insert($0).inserted }
            guard !new.isEmpty else { return [] }
            guard
                let header = try await dynamo.getItem(
                    table: table, key: ["job_id": .string(jobID)], consistentRead: true),
                let count = header["partition_count"]?.intValue
            else { throw BackfillCoreError(.jobNotFound, "no such job", context: ["job": jobID]) }
            var expression = UpdateExpression()
            let countPath = expression.path("partition_count")
            expression.require(countPath, equals: .number(count))
            expression.set(countPath, .number(count + new.count))
            expression.add(expression.path("count_pending"), new.count)
            expression.set(expression.path("updated_at"), JobItemLayout.number(now))
            guard try await update(key: ["job_id": .string(jobID)], expression) else { continue }
            for (offset, key) in new.enumerated() {
                try await dynamo.putItem(
                    table: table,
                    item: PartitionItemLayout.pendingItem(
                        jobID: jobID, index: count + offset, key: key, now: now, created: job.createdAt))
            }
            _ = try await known(jobID, fresh: true)
            return new
        }
        throw BackfillCoreError(.conflict, "adding partitions kept losing races", context: ["job": jobID])
    }

    /// Appends `keys` to a single-item job: the whole item rewritten on the version read.
    func legacyAddPartitions(jobID: String, keys: [String], now: Timestamp) async throws -> [String] {
        for _ in 0..<Self.raceRetries {
            var (job, version) = try await known(jobID, fresh: true)
            let added = job.addPartitions(keys, now: now)
            guard !added.isEmpty else { return [] }
            try JobItemLayout.check(
                JobDefinition(
                    jobID: jobID, handler: job.handler, destination: "", partitionKeys: job.partitions.map(\.key)))
            do {
                try await dynamo.putItem(
                    table: table, item: JobItemLayout.item(job, version: version + 1), condition: "version = :v",
                    values: [":v": .number(version)])
                remember(job, version: version + 1)
                return added
            } catch let error as AWSError where error.isConditionalCheckFailed {
                continue
            }
        }
        throw BackfillCoreError(.conflict, "adding partitions kept losing races", context: ["job": jobID])
    }

    public func addPartitions(jobID: String, keys: [String], now: Timestamp) async throws -> [String] {
        if try await usesItems(jobID) { return try await itemsAddPartitions(jobID: jobID, keys: keys, now: now) }
        return try await legacyAddPartitions(jobID: jobID, keys: keys, now: now)
    }
}
