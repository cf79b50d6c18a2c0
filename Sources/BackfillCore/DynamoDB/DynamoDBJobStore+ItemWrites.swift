import AWS
import Redaction
import Timekeeping

/// Claims, renewals and completions of jobs in ``PartitionItemLayout``.
extension DynamoDBJobStore {
    func itemsClaim(
        jobID: String,
        partition: String,
        owner: String,
        leaseDuration: Duration,
        now: Timestamp
    ) async throws -> ClaimResult {
        for round in 0..<Self.raceRetries {
            let (job, _) = try await known(jobID, fresh: round > 0)
            let index = try Self.index(of: partition, in: job)
            let item = try itemIndex(jobID, partition, in: job)
            let current = job.partitions[index]
            var expression = UpdateExpression()
            requireState(&expression, current)
            setIdentity(&expression, jobID: jobID, index: item, key: partition, created: job.createdAt)
            expression.set(expression.path("u"), JobItemLayout.number(now))
            if current.isAbandoned(at: now, maxAttempts: job.maxAttempts) {
                expression.set(expression.path("s"), .string(PartitionStatus.failed.rawValue))
                expression.set(expression.path("e"), .string(JobRecord.abandonedError))
                expression.remove(expression.path("o"))
                expression.remove(expression.path("x"))
                guard try await update(key: itemKey(jobID, item), expression) else { continue }
                _ = try await updateHeader(
                    jobID, key: partition, from: .running, to: .failed, finalFailure: current.attempts, now: now)
                applyLocally(jobID) { $0.abandon(index, now: now) }
                var failed = current
                failed.status = .failed
                failed.lease = nil
                failed.lastError = JobRecord.abandonedError
                return .unavailable(failed, jobStatus: job.status)
            }
            guard job.status.acceptsClaims, current.isClaimable(at: now, maxAttempts: job.maxAttempts) else {
                if round == 0 { continue }  // the cache may be stale: decide on a fresh read
                return .unavailable(current, jobStatus: job.status)
            }
            let expiresAt = now + leaseDuration
            expression.set(expression.path("s"), .string(PartitionStatus.running.rawValue))
            expression.set(expression.path("a"), .number(current.attempts + 1))
            expression.set(expression.path("o"), .string(owner))
            expression.set(expression.path("x"), JobItemLayout.number(expiresAt))
            guard try await update(key: itemKey(jobID, item), expression) else { continue }
            // The header says whether the job still accepts claims (a cancel lands there); if not, the partition
            // goes back to what it was.
            let accepted = try await updateHeader(
                jobID, key: partition, from: current.status, to: .running, owner: owner, now: now,
                requireAccepting: true)
            guard accepted else {
                try await restore(jobID, index: item, partition: current, owner: owner, now: now)
                let fresh = try await known(jobID, fresh: true).record
                return .unavailable(fresh.partitions[index], jobStatus: fresh.status)
            }
            applyLocally(jobID) { $0.claim(index, owner: owner, leaseDuration: leaseDuration, now: now) }
            var claimed = current
            claimed.status = .running
            claimed.attempts += 1
            claimed.lease = Lease(owner: owner, expiresAt: expiresAt)
            claimed.updatedAt = now
            return .claimed(claimed)
        }
        throw BackfillCoreError(.conflict, "claim kept losing races", context: ["job": jobID, "partition": partition])
    }

    /// Puts a partition this worker just claimed back as it was (the job stopped accepting claims meanwhile).
    private func restore(_ jobID: String, index: Int, partition: PartitionState, owner: String, now: Timestamp)
        async throws
    {
        var expression = UpdateExpression()
        expression.require(expression.path("o"), equals: .string(owner))
        expression.require(expression.path("a"), equals: .number(partition.attempts + 1))
        if partition.status == .pending && partition.attempts == 0 {
            expression.set(expression.path("s"), .string(PartitionStatus.pending.rawValue))
            expression.set(expression.path("a"), .number(0))
        } else {
            expression.set(expression.path("s"), .string(partition.status.rawValue))
            expression.set(expression.path("a"), .number(partition.attempts))
        }
        expression.remove(expression.path("o"))
        expression.remove(expression.path("x"))
        expression.set(expression.path("u"), JobItemLayout.number(now))
        _ = try await update(key: itemKey(jobID, index), expression)
    }

    func itemsRenew(
        jobID: String,
        partition: String,
        owner: String,
        attempt: Int,
        leaseDuration: Duration,
        now: Timestamp
    ) async throws -> Bool {
        let job = try await known(jobID, fresh: false).record
        let index = try Self.index(of: partition, in: job)
        let item = try itemIndex(jobID, partition, in: job)
        var expression = UpdateExpression()
        requireHeld(item: &expression, owner: owner, attempt: attempt)
        expression.set(expression.path("x"), JobItemLayout.number(now + leaseDuration))
        let renewed = try await update(key: itemKey(jobID, item), expression)
        if renewed { applyLocally(jobID) { $0.partitions[index].lease?.expiresAt = now + leaseDuration } }
        return renewed
    }

    func itemsComplete(
        jobID: String,
        partition: String,
        owner: String,
        attempt: Int,
        result: PartitionResult,
        details: [String: PartitionDetail],
        now: Timestamp
    ) async throws -> Bool {
        let job = try await known(jobID, fresh: false).record
        let index = try Self.index(of: partition, in: job)
        let item = try itemIndex(jobID, partition, in: job)
        var scratch = job
        scratch.partitions[index].status = .running
        scratch.record(result, at: index, now: now)
        let finished = scratch.partitions[index]
        var expression = UpdateExpression()
        requireHeld(item: &expression, owner: owner, attempt: attempt)
        expression.set(expression.path("s"), .string(finished.status.rawValue))
        expression.set(expression.path("d"), .number(String(finished.durationMilliseconds)))
        expression.set(expression.path("u"), JobItemLayout.number(now))
        expression.set(expression.path("m"), PartitionDetail.item(details))
        if let error = finished.lastError {
            expression.set(expression.path("e"), .string(error))
        } else {
            expression.remove(expression.path("e"))
        }
        if finished.status == .succeeded { expression.set(expression.path("r"), .number(String(finished.records))) }
        expression.remove(expression.path("o"))
        expression.remove(expression.path("x"))
        guard try await update(key: itemKey(jobID, item), expression) else { return false }
        let final = finished.status == .failed && attempt >= job.maxAttempts
        _ = try await updateHeader(
            jobID, key: partition, from: .running, to: finished.status, finalFailure: final ? attempt : nil,
            records: finished.status == .succeeded ? finished.records : 0, now: now)
        applyLocally(jobID) { $0.record(result, at: index, details: details, now: now) }
        return true
    }

    /// Requires `owner` to hold attempt `attempt` of the partition item.
    func requireHeld(item expression: inout UpdateExpression, owner: String, attempt: Int) {
        expression.require(expression.path("s"), equals: .string(PartitionStatus.running.rawValue))
        expression.require(
            expression.path("o"), equals: .string(String(owner.utf8.prefix(JobItemLayout.ownerLimit)) ?? owner))
        expression.require(expression.path("a"), equals: .number(attempt))
    }
}
