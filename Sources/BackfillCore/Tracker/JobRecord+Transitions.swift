import Timekeeping

/// The state changes every store applies the same way, so the in-memory store and the DynamoDB item agree.
extension JobRecord {
    /// Moves partition `index` to `status`, keeping the totals in step.
    mutating func transition(_ index: Int, to status: PartitionStatus, now: Timestamp) {
        totals.add(partitions[index].status, -1)
        totals.add(status, 1)
        partitions[index].status = status
        partitions[index].updatedAt = now
        updatedAt = now
    }

    /// Records a finished attempt on partition `index` and releases its lease.
    mutating func record(_ result: PartitionResult, at index: Int, now: Timestamp) {
        transition(index, to: result.status, now: now)
        partitions[index].lease = nil
        switch result {
        case .succeeded(let records, let duration):
            partitions[index].records = records
            partitions[index].durationMilliseconds = duration.wholeMilliseconds
            partitions[index].lastError = nil
            totals.records += records
        case .failed(let error, let duration):
            partitions[index].durationMilliseconds = duration.wholeMilliseconds
            partitions[index].lastError = ErrorRedactor.truncate(error, toUTF8Bytes: ErrorRedactor.storedErrorLimit)
        case .skipped(let reason, let duration):
            partitions[index].durationMilliseconds = duration.wholeMilliseconds
            partitions[index].lastError = ErrorRedactor.truncate(reason, toUTF8Bytes: ErrorRedactor.storedErrorLimit)
        }
    }
}

extension PartitionState {
    /// Whether `owner` holds the lease from claim number `attempt`.
    func isHeld(by owner: String, attempt: Int) -> Bool {
        status == .running && lease?.owner == owner && attempts == attempt
    }
}
