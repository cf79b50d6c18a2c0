import AWS
import Redaction
public import Timekeeping

/// Job-level writes: skipping partitions, status changes with TTL, reopening.
extension DynamoDBJobStore {
    /// Partitions skipped per `UpdateItem` (expressions are limited to 4 KB).
    static let skipBatch = 20

    public func skip(jobID: String, partitions: [String], reason: String, now: Timestamp) async throws -> [String] {
        if try await usesItems(jobID) {
            return try await itemsSkip(jobID: jobID, partitions: partitions, reason: reason, now: now)
        }
        var changed: [String] = []
        var remaining = partitions
        var round = 0
        while !remaining.isEmpty {
            let (job, version) = try await known(jobID, fresh: round > 0)
            let pending = Set(job.partitions.filter { $0.status == .pending }.map(\.key))
            let batch = Array(remaining.filter(pending.contains).prefix(Self.skipBatch))
            if batch.isEmpty { break }
            var expression = UpdateExpression()
            expression.require(expression.path("version"), equals: .number(version))
            for key in batch {
                let entry = expression.path("p", key)
                expression.set(entry + "." + expression.path("s"), .string(PartitionStatus.skipped.rawValue))
                expression.set(entry + "." + expression.path("e"), .string(reason))
                expression.set(entry + "." + expression.path("u"), JobItemLayout.number(now))
            }
            expression.set(expression.path("updated_at"), JobItemLayout.number(now))
            expression.add(expression.path("count_pending"), -batch.count)
            expression.add(expression.path("count_skipped"), batch.count)
            expression.add(expression.path("version"), 1)
            if try await update(jobID, expression) {
                applyLocally(jobID) { job in
                    for key in batch {
                        if let index = job.partitions.firstIndex(where: { $0.key == key }) {
                            job.record(.skipped(reason: reason, duration: .zero), at: index, now: now)
                        }
                    }
                }
                changed += batch
                let done = Set(batch)
                remaining.removeAll { done.contains($0) }
                round = 0
            } else {
                round += 1
                if round >= Self.raceRetries {
                    throw BackfillCoreError(.conflict, "skip kept losing races", context: ["job": jobID])
                }
            }
        }
        return changed
    }

    public func setStatus(
        jobID: String,
        to status: JobStatus,
        reason: String?,
        from: Set<JobStatus>,
        requireIdle: Bool,
        expiresAt: Timestamp?,
        now: Timestamp
    ) async throws -> Bool {
        if try await usesItems(jobID) {
            return try await itemsSetStatus(
                jobID: jobID, to: status, reason: reason, from: from, requireIdle: requireIdle, expiresAt: expiresAt,
                now: now)
        }
        var expression = UpdateExpression()
        let statusPath = expression.path("status")
        let allowed = from.sorted { $0.rawValue < $1.rawValue }.map { expression.value(.string($0.rawValue)) }
        expression.require("\(statusPath) IN (\(allowed.joined(separator: ", ")))")
        if requireIdle {
            expression.require(expression.path("count_pending"), equals: .number(0))
            expression.require(expression.path("count_running"), equals: .number(0))
        }
        expression.set(statusPath, .string(status.rawValue))
        expression.set(expression.path("updated_at"), JobItemLayout.number(now))
        if let reason {
            expression.set(expression.path("status_reason"), .string(SecretRedactor.errors.redact(reason, limit: 512)))
        } else {
            expression.remove(expression.path("status_reason"))
        }
        if let expiresAt {
            expression.set(expression.path("expires_at"), .number(String(expiresAt.secondsSince1970)))
        } else {
            expression.remove(expression.path("expires_at"))
        }
        expression.add(expression.path("version"), 1)
        let changed = try await update(jobID, expression)
        if changed {
            applyLocally(jobID) { job in
                job.status = status
                job.statusReason = reason.map { SecretRedactor.errors.redact($0, limit: 512) }
                job.expiresAt = expiresAt.map { Timestamp(secondsSince1970: $0.secondsSince1970) }
                job.updatedAt = now
            }
        }
        return changed
    }

    public func reopen(jobID: String, resetting partitions: [String], now: Timestamp) async throws -> JobRecord {
        if try await usesItems(jobID) {
            return try await itemsReopen(jobID: jobID, resetting: partitions, now: now)
        }
        for _ in 0..<Self.raceRetries {
            var (job, version) = try await known(jobID, fresh: true)
            job.reopen(resetting: Set(partitions), now: now)
            do {
                try await dynamo.putItem(
                    table: table,
                    item: JobItemLayout.item(job, version: version + 1),
                    condition: "version = :v",
                    values: [":v": .number(version)]
                )
                remember(job, version: version + 1)
                return job
            } catch let error as AWSError where error.isConditionalCheckFailed {
                continue
            }
        }
        throw BackfillCoreError(.conflict, "reopen kept losing races", context: ["job": jobID])
    }
}
