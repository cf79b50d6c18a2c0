import Redaction
package import Timekeeping

/// The state changes every store applies the same way, so the in-memory store and the DynamoDB item agree.
extension JobRecord {
    /// Moves partition `index` to `status`, keeping the totals in step.
    package mutating func transition(_ index: Int, to status: PartitionStatus, now: Timestamp) {
        totals.add(partitions[index].status, -1)
        totals.add(status, 1)
        partitions[index].status = status
        partitions[index].updatedAt = now
        updatedAt = now
    }

    /// Records a finished attempt on partition `index` and releases its lease.
    package mutating func record(
        _ result: PartitionResult, at index: Int, details: [String: PartitionDetail] = [:], now: Timestamp
    ) {
        transition(index, to: result.status, now: now)
        partitions[index].lease = nil
        partitions[index].details = PartitionDetail.bounded(details)
        switch result {
        case .succeeded(let records, let duration):
            partitions[index].records = records
            partitions[index].durationMilliseconds = duration.wholeMilliseconds
            partitions[index].lastError = nil
            totals.records += records
        case .failed(let error, let duration):
            partitions[index].durationMilliseconds = duration.wholeMilliseconds
            partitions[index].lastError = SecretRedactor.truncate(error, toUTF8Bytes: PartitionState.storedErrorLimit)
        case .skipped(let reason, let duration):
            partitions[index].durationMilliseconds = duration.wholeMilliseconds
            partitions[index].lastError = SecretRedactor.truncate(reason, toUTF8Bytes: PartitionState.storedErrorLimit)
        }
    }
}

extension JobRecord {
    /// Gives partition `index` to `owner` until `now + leaseDuration`, counting the attempt.
    package mutating func claim(_ index: Int, owner: String, leaseDuration: Duration, now: Timestamp) {
        transition(index, to: .running, now: now)
        partitions[index].attempts += 1
        partitions[index].lease = Lease(owner: owner, expiresAt: now + leaseDuration)
        status = .running
    }

    /// Records that a silent worker held partition `index` on its last attempt.
    package mutating func abandon(_ index: Int, now: Timestamp) {
        transition(index, to: .failed, now: now)
        partitions[index].lease = nil
        partitions[index].lastError = Self.abandonedError
    }

    /// The error recorded for a partition whose worker went silent on its last attempt.
    package static let abandonedError = "worker lost its lease on the last attempt"

    /// Resets `keys` (those not running) to fresh pending partitions and the job to pending without TTL.
    package mutating func reopen(resetting keys: Set<String>, now: Timestamp) {
        for index in partitions.indices
        where keys.contains(partitions[index].key) && partitions[index].status != .running {
            if partitions[index].status == .succeeded { totals.records -= partitions[index].records }
            transition(index, to: .pending, now: now)
            partitions[index] = PartitionState(key: partitions[index].key, updatedAt: now)
        }
        status = .pending
        statusReason = nil
        expiresAt = nil
        updatedAt = now
    }
}

extension PartitionState {
    /// Whether `owner` holds the lease from claim number `attempt`.
    package func isHeld(by owner: String, attempt: Int) -> Bool {
        status == .running && lease?.owner == owner && attempts == attempt
    }
}

extension JobRecord {
    /// Applies a store's answer to ``JobStore/skip(jobID:partitions:reason:now:)`` to this copy: `keys` skipped
    /// with `reason`, as the store recorded them.
    package mutating func applySkips(_ keys: [String], reason: String, now: Timestamp) {
        for key in keys {
            guard let index = partitions.firstIndex(where: { $0.key == key }) else { continue }
            record(.skipped(reason: reason, duration: .zero), at: index, now: now)
        }
    }
}

extension JobRecord {
    /// Appends `keys` not yet in the job as pending partitions; returns those added.
    package mutating func addPartitions(_ keys: [String], now: Timestamp) -> [String] {
        var known = Set(partitions.map(\.key))
        var added: [String] = []
        for key in keys where known.insert(key).inserted {
            partitions.append(PartitionState(key: key, updatedAt: now))
            totals.add(.pending, 1)
            added.append(key)
        }
        if !added.isEmpty { updatedAt = now }
        return added
    }
}
