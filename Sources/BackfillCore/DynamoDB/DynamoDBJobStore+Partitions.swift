import AWS
public import Timekeeping

/// Claims, renewals, completions and status changes: each one conditional `UpdateItem`.
extension DynamoDBJobStore {
    /// How many times a claim or read-modify-write re-reads the job after losing a race before giving up.
    static let raceRetries = 4

    public func claim(
        jobID: String,
        partition: String,
        owner: String,
        leaseDuration: Duration,
        now: Timestamp
    ) async throws -> ClaimResult {
        let owner = String(owner.utf8.prefix(JobItemLayout.ownerLimit)) ?? owner
        if try await usesItems(jobID) {
            return try await itemsClaim(
                jobID: jobID, partition: partition, owner: owner, leaseDuration: leaseDuration, now: now)
        }
        for round in 0..<Self.raceRetries {
            let (job, _) = try await known(jobID, fresh: round > 0)
            let index = try Self.index(of: partition, in: job)
            let current = job.partitions[index]
            var expression = UpdateExpression()
            let entry = expression.path("p", partition)
            expression.require(entry + "." + expression.path("s"), equals: .string(current.status.rawValue))
            expression.require(entry + "." + expression.path("a"), equals: .number(current.attempts))
            if let lease = current.lease, current.status == .running {
                expression.require(entry + "." + expression.path("x"), equals: JobItemLayout.number(lease.expiresAt))
            }
            if current.isAbandoned(at: now, maxAttempts: job.maxAttempts) {
                expression.set(entry + "." + expression.path("s"), .string(PartitionStatus.failed.rawValue))
                expression.set(entry + "." + expression.path("e"), .string(JobRecord.abandonedError))
                expression.set(entry + "." + expression.path("u"), JobItemLayout.number(now))
                expression.remove(entry + "." + expression.path("o"))
                expression.remove(entry + "." + expression.path("x"))
                expression.add(expression.path("count_running"), -1)
                expression.add(expression.path("count_failed"), 1)
                expression.add(expression.path("version"), 1)
                if try await update(jobID, expression) {
                    applyLocally(jobID) { $0.abandon(index, now: now) }
                    var failed = current
                    failed.status = .failed
                    failed.lease = nil
                    failed.lastError = JobRecord.abandonedError
                    return .unavailable(failed, jobStatus: job.status)
                }
                continue
            }
            guard job.status.acceptsClaims, current.isClaimable(at: now, maxAttempts: job.maxAttempts) else {
                if round == 0 { continue }  // the cache may be stale: decide on a fresh read
                return .unavailable(current, jobStatus: job.status)
            }
            // Named only here: the abandon branch above must not leave an unused name (DynamoDB rejects those).
            let status = expression.path("status")
            expression.require(
                "\(status) IN (\(expression.value(.string("pending"))), \(expression.value(.string("running"))))"
            )
            let expiresAt = now + leaseDuration
            expression.set(status, .string(JobStatus.running.rawValue))
            expression.set(expression.path("updated_at"), JobItemLayout.number(now))
            expression.set(entry + "." + expression.path("s"), .string(PartitionStatus.running.rawValue))
            expression.set(entry + "." + expression.path("a"), .number(current.attempts + 1))
            expression.set(entry + "." + expression.path("o"), .string(owner))
            expression.set(entry + "." + expression.path("x"), JobItemLayout.number(expiresAt))
            expression.set(entry + "." + expression.path("u"), JobItemLayout.number(now))
            if current.status != .running {
                expression.add(expression.path("count_" + current.status.rawValue), -1)
                expression.add(expression.path("count_running"), 1)
            }
            expression.add(expression.path("version"), 1)
            if try await update(jobID, expression) {
                applyLocally(jobID) { $0.claim(index, owner: owner, leaseDuration: leaseDuration, now: now) }
                var claimed = current
                claimed.status = .running
                claimed.attempts += 1
                claimed.lease = Lease(owner: owner, expiresAt: expiresAt)
                claimed.updatedAt = now
                return .claimed(claimed)
            }
        }
        throw BackfillCoreError(.conflict, "claim kept losing races", context: ["job": jobID, "partition": partition])
    }

    public func renew(
        jobID: String,
        partition: String,
        owner: String,
        attempt: Int,
        leaseDuration: Duration,
        now: Timestamp
    ) async throws -> Bool {
        if try await usesItems(jobID) {
            return try await itemsRenew(
                jobID: jobID, partition: partition, owner: owner, attempt: attempt, leaseDuration: leaseDuration,
                now: now)
        }
        var expression = UpdateExpression()
        let entry = requireHeld(&expression, partition: partition, owner: owner, attempt: attempt)
        expression.set(entry + "." + expression.path("x"), JobItemLayout.number(now + leaseDuration))
        expression.add(expression.path("version"), 1)
        let renewed = try await update(jobID, expression)
        if renewed {
            applyLocally(jobID) { job in
                if let index = job.partitions.firstIndex(where: { $0.key == partition }) {
                    job.partitions[index].lease?.expiresAt = now + leaseDuration
                }
            }
        }
        return renewed
    }

    public func complete(
        jobID: String,
        partition: String,
        owner: String,
        attempt: Int,
        result: PartitionResult,
        details: [String: PartitionDetail],
        now: Timestamp
    ) async throws -> Bool {
        if try await usesItems(jobID) {
            return try await itemsComplete(
                jobID: jobID, partition: partition, owner: owner, attempt: attempt, result: result, details: details,
                now: now)
        }
        var expression = UpdateExpression()
        let entry = requireHeld(&expression, partition: partition, owner: owner, attempt: attempt)
        var scratch = JobRecord(
            JobDefinition(jobID: jobID, handler: "", destination: "", partitionKeys: [partition]),
            now: now
        )
        scratch.partitions[0].status = .running
        scratch.record(result, at: 0, now: now)
        let finished = scratch.partitions[0]
        expression.set(entry + "." + expression.path("s"), .string(finished.status.rawValue))
        expression.set(entry + "." + expression.path("m"), PartitionDetail.item(details))
        expression.set(entry + "." + expression.path("d"), .number(String(finished.durationMilliseconds)))
        expression.set(entry + "." + expression.path("u"), JobItemLayout.number(now))
        expression.set(expression.path("updated_at"), JobItemLayout.number(now))
        if let error = finished.lastError {
            expression.set(entry + "." + expression.path("e"), .string(error))
        } else {
            expression.remove(entry + "." + expression.path("e"))
        }
        expression.remove(entry + "." + expression.path("o"))
        expression.remove(entry + "." + expression.path("x"))
        expression.add(expression.path("count_running"), -1)
        expression.add(expression.path("count_" + finished.status.rawValue), 1)
        if finished.status == .succeeded {
            expression.set(entry + "." + expression.path("r"), .number(String(finished.records)))
            expression.add(expression.path("records"), Int(finished.records))
        }
        expression.add(expression.path("version"), 1)
        let recorded = try await update(jobID, expression)
        if recorded {
            applyLocally(jobID) { job in
                if let index = job.partitions.firstIndex(where: { $0.key == partition }) {
                    job.record(result, at: index, details: details, now: now)
                }
            }
        }
        return recorded
    }

    /// Requires `owner` to hold attempt `attempt` of `partition`; returns the partition's path.
    func requireHeld(_ expression: inout UpdateExpression, partition: String, owner: String, attempt: Int) -> String {
        let entry = expression.path("p", partition)
        expression.require(entry + "." + expression.path("s"), equals: .string(PartitionStatus.running.rawValue))
        expression.require(
            entry + "." + expression.path("o"),
            equals: .string(String(owner.utf8.prefix(JobItemLayout.ownerLimit)) ?? owner)
        )
        expression.require(entry + "." + expression.path("a"), equals: .number(attempt))
        return entry
    }

    static func index(of partition: String, in job: JobRecord) throws(BackfillCoreError) -> Int {
        guard let index = job.partitions.firstIndex(where: { $0.key == partition }) else {
            throw BackfillCoreError(
                .invalidPartition, "unknown partition", context: ["job": job.jobID, "key": partition])
        }
        return index
    }
}
