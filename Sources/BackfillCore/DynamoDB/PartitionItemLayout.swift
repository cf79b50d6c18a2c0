import AWS
import Timekeeping

/// The layout of jobs of any size (`layout = items` on the job item): the job item is a small header, and each
/// partition is its own item, so a claim or a completion writes about 1 KB however large the job.
///
/// - Header (`job_id` = the job id): what ``JobItemLayout`` holds at the top level (status, totals, timestamps,
///   tenant, `version`), plus `layout`, `partition_count`, `key_chunks`, and for operators `running` (partition
///   key → lease owner) and `failed` (key → attempts of partitions that failed for good). `aws dynamodb get-item`
///   on the job id still shows what operators check first.
/// - Partition `i` (`job_id` = `{job}#p#{i}`): `parent`, `k` (the key), `i`, and the one-letter fields of the
///   single-item layout (`s`, `a`, `r`, `d`, `e`, `o`, `x`, `u`). A pending partition that was never claimed has
///   no item at all (creating a job writes no partition items); a reset deletes the item.
/// - Key chunks (`job_id` = `{job}#keys#{n}`): the partition keys in order, `chunkSize` per item, written once.
///   Partitions added later (a partition splitting itself) get the next indices and an item at once, carrying
///   their key (`chunked_count` on the header says where the chunks end).
///
/// Partition and chunk items carry `expires_at` (created + 180 days) so DynamoDB TTL removes them in the end.
public enum PartitionItemLayout {
    /// The header's `layout` value.
    public static let layoutName = "items"
    /// Partition keys per key-chunk item.
    public static let chunkSize = 500
    /// How long partition and chunk items live (TTL), from the job's creation.
    public static let itemLifetime: Duration = .seconds(180 * 86_400)
    /// The most partitions a job may have in this layout.
    public static let maximumPartitions = 100_000

    /// The item key of partition `index` of `jobID`.
    public static func partitionKey(_ jobID: String, _ index: Int) -> String { "\(jobID)#p#\(index)" }

    /// The item key of key chunk `chunk` of `jobID`.
    public static func chunkKey(_ jobID: String, _ chunk: Int) -> String { "\(jobID)#keys#\(chunk)" }

    /// The key-chunk items of `definition`.
    static func chunkItems(_ definition: JobDefinition, expiresAt: Timestamp) -> [DynamoDBItem] {
        stride(from: 0, to: definition.partitionKeys.count, by: chunkSize).enumerated().map { chunk, start in
            let keys = definition.partitionKeys[start..<min(start + chunkSize, definition.partitionKeys.count)]
            return [
                "job_id": .string(chunkKey(definition.jobID, chunk)), "parent": .string(definition.jobID),
                "keys": .list(keys.map { .string($0) }), "expires_at": .number(String(expiresAt.secondsSince1970)),
            ]
        }
    }

    /// The header item of `job` (the single-item layout's top level, without the partition map); the first
    /// `chunkedCount` partitions have their keys in key chunks, later ones (added by splits) in their own items.
    static func header(_ job: JobRecord, version: Int, chunkedCount: Int) -> DynamoDBItem {
        var item = JobItemLayout.item(job, version: version)
        item["p"] = nil
        item["layout"] = .string(layoutName)
        item["partition_count"] = .number(job.partitions.count)
        item["key_chunks"] = .number((chunkedCount + chunkSize - 1) / chunkSize)
        item["chunked_count"] = .number(chunkedCount)
        var running: [String: DynamoDBValue] = [:]
        var failed: [String: DynamoDBValue] = [:]
        for state in job.partitions {
            if state.status == .running, let lease = state.lease { running[state.key] = .string(lease.owner) }
            if state.status == .failed && state.attempts >= job.maxAttempts {
                failed[state.key] = .number(state.attempts)
            }
        }
        item["running"] = .map(running)
        item["failed"] = .map(failed)
        return item
    }

    /// The item of a pending partition `index` with `key` (added by a split, or reset).
    static func pendingItem(jobID: String, index: Int, key: String, now: Timestamp, created: Timestamp) -> DynamoDBItem
    {
        [
            "job_id": .string(partitionKey(jobID, index)), "parent": .string(jobID), "k": .string(key),
            "i": .number(index), "s": .string(PartitionStatus.pending.rawValue), "a": .number(0),
            "u": JobItemLayout.number(now), "expires_at": .number(String((created + itemLifetime).secondsSince1970)),
        ]
    }

    /// A partition's state from its item.
    static func state(from item: DynamoDBItem, key: String) -> PartitionState {
        var state = PartitionState(
            key: key, status: item["s"]?.stringValue.flatMap(PartitionStatus.init(rawValue:)) ?? .pending,
            attempts: item["a"]?.intValue ?? 0)
        state.records = Int64(item["r"]?.intValue ?? 0)
        state.durationMilliseconds = Int64(item["d"]?.intValue ?? 0)
        state.lastError = item["e"]?.stringValue
        if let owner = item["o"]?.stringValue, let expiry = JobItemLayout.timestamp(item["x"]) {
            state.lease = Lease(owner: owner, expiresAt: expiry)
        }
        state.updatedAt = JobItemLayout.timestamp(item["u"])
        state.details = PartitionDetail.details(from: item["m"])
        return state
    }
}
