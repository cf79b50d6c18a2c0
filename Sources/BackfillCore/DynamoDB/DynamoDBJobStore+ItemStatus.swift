import AWS
import Redaction
import Timekeeping

/// Skips, status changes and reopening of jobs in ``PartitionItemLayout``.
extension DynamoDBJobStore {
    func itemsSkip(jobID: String, partitions: [String], reason: String, now: Timestamp) async throws -> [String] {
        let job = try await known(jobID, fresh: true).record
        var changed: [String] = []
        for key in partitions {
            let index = try Self.index(of: key, in: job)
            let item = try itemIndex(jobID, key, in: job)
            guard job.partitions[index].status == .pending else { continue }
            var expression = UpdateExpression()
            let status = expression.path("s")
            let pending = expression.value(.string(PartitionStatus.pending.rawValue))
            expression.require("attribute_not_exists(\(status)) OR \(status) = \(pending)")
            setIdentity(&expression, jobID: jobID, index: item, key: key, created: job.createdAt)
            expression.set(status, .string(PartitionStatus.skipped.rawValue))
            expression.set(expression.path("e"), .string(reason))
            expression.set(expression.path("u"), JobItemLayout.number(now))
            if try await update(key: itemKey(jobID, item), expression) { changed.append(key) }
        }
        if !changed.isEmpty {
            var expression = UpdateExpression()
            expression.add(expression.path("count_pending"), -changed.count)
            expression.add(expression.path("count_skipped"), changed.count)
            expression.set(expression.path("updated_at"), JobItemLayout.number(now))
            _ = try await update(key: ["job_id": .string(jobID)], expression)
            applyLocally(jobID) { job in
                job.applySkips(changed, reason: reason, now: now)
            }
        }
        return changed
    }

    /// Sets the header's status. With `requireIdle`, idleness is decided on a fresh read of every partition
    /// (not the header's counters, which a worker that died between its two writes may have left off by one), and
    /// the counters are rewritten from that read.
    func itemsSetStatus(
        jobID: String,
        to status: JobStatus,
        reason: String?,
        from: Set<JobStatus>,
        requireIdle: Bool,
        expiresAt: Timestamp?,
        now: Timestamp
    ) async throws -> Bool {
        var expression = UpdateExpression()
        let statusPath = expression.path("status")
        let allowed = from.sorted { $0.rawValue < $1.rawValue }.map { expression.value(.string($0.rawValue)) }
        expression.require("\(statusPath) IN (\(allowed.joined(separator: ", ")))")
        if requireIdle {
            let job = try await known(jobID, fresh: true).record
            guard job.totals.pending == 0 && job.totals.running == 0 else { return false }
            setCounters(&expression, job.totals)
        }
        expression.set(statusPath, .string(status.rawValue))
        expression.set(expression.path("updated_at"), JobItemLayout.number(now))
        let redacted = reason.map { SecretRedactor.errors.redact($0, limit: 512) }
        if let redacted {
            expression.set(expression.path("status_reason"), .string(redacted))
        } else {
            expression.remove(expression.path("status_reason"))
        }
        if let expiresAt {
            expression.set(expression.path("expires_at"), .number(String(expiresAt.secondsSince1970)))
        } else {
            expression.remove(expression.path("expires_at"))
        }
        expression.add(expression.path("version"), 1)
        let changed = try await update(key: ["job_id": .string(jobID)], expression)
        if changed {
            applyLocally(jobID) { job in
                job.status = status
                job.statusReason = redacted
                job.expiresAt = expiresAt.map { Timestamp(secondsSince1970: $0.secondsSince1970) }
                job.updatedAt = now
            }
        }
        return changed
    }

    /// Resets the items of `partitions` that are not running to fresh pending items (keeping their keys), then
    /// rewrites the header from a fresh read: pending, no TTL, no reason, counters and operator maps.
    func itemsReopen(jobID: String, resetting partitions: [String], now: Timestamp) async throws -> JobRecord {
        let job = try await known(jobID, fresh: true).record
        for key in Set(partitions) {
            let item = try itemIndex(jobID, key, in: job)
            do {
                try await dynamo.putItem(
                    table: table,
                    item: PartitionItemLayout.pendingItem(
                        jobID: jobID, index: item, key: key, now: now, created: job.createdAt),
                    condition: "attribute_not_exists(#s) OR #s <> :running",
                    names: ["#s": "s"], values: [":running": .string(PartitionStatus.running.rawValue)])
            } catch let error as AWSError where error.isConditionalCheckFailed {
                continue  // running: left alone, as reopen promises
            }
        }
        for _ in 0..<Self.raceRetries {
            var (fresh, version) = try await known(jobID, fresh: true)
            fresh.status = .pending
            fresh.statusReason = nil
            fresh.expiresAt = nil
            fresh.updatedAt = now
            do {
                let header = try await dynamo.getItem(
                    table: table, key: ["job_id": .string(jobID)], consistentRead: true)
                var item = PartitionItemLayout.header(
                    fresh, version: version + 1,
                    chunkedCount: header?["chunked_count"]?.intValue ?? fresh.partitions.count)
                item["partition_count"] = header?["partition_count"] ?? item["partition_count"]
                try await dynamo.putItem(
                    table: table, item: item, condition: "version = :v", values: [":v": .number(version)])
                remember(fresh, version: version + 1)
                return fresh
            } catch let error as AWSError where error.isConditionalCheckFailed {
                continue
            }
        }
        throw BackfillCoreError(.conflict, "reopen kept losing races", context: ["job": jobID])
    }

    /// Sets every counter of the header to `totals`.
    func setCounters(_ expression: inout UpdateExpression, _ totals: JobTotals) {
        expression.set(expression.path("count_pending"), .number(totals.pending))
        expression.set(expression.path("count_running"), .number(totals.running))
        expression.set(expression.path("count_succeeded"), .number(totals.succeeded))
        expression.set(expression.path("count_failed"), .number(totals.failed))
        expression.set(expression.path("count_skipped"), .number(totals.skipped))
        expression.set(expression.path("records"), .number(String(totals.records)))
    }
}
