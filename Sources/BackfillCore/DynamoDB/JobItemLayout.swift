public import AWS
import Timekeeping

/// How a job is laid out as one DynamoDB item in `BackfillJobs`, so `GetItem` on `job_id` shows everything an
/// operator checks first: status, totals and every partition's state.
///
/// Top level: `job_id`, `handler`, `destination`, `tenant_id` (`_` for platform jobs; GSI `tenant-status` with
/// `status`), `status`, `status_reason`, `max_attempts`, `created_at`/`updated_at` (epoch ms), `expires_at` (epoch
/// seconds, the TTL attribute), `version`, totals `count_pending`, `count_running`, `count_succeeded`,
/// `count_failed`, `count_skipped`, `records`, and `p`: a map from partition key to a small map with one-letter
/// names — `i` order, `s` status, `a` attempts, `r` records, `d` duration ms, `e` last error (≤ 160 bytes), `o`
/// lease owner (≤ 64 bytes), `x` lease expiry (epoch ms), `u` updated (epoch ms).
public enum JobItemLayout {
    /// DynamoDB's item size limit.
    public static let itemLimit = 400 * 1024
    /// Room kept for the top-level attributes.
    public static let headerAllowance = 4 * 1024
    /// The tenant value of jobs without a tenant.
    public static let noTenant = "_"
    /// The longest lease owner stored.
    public static let ownerLimit = 64

    /// The worst-case size in bytes of one partition entry with a key of `keyLength` bytes: every optional field
    /// present at its maximum (error and owner both set, as while a failed partition is retried).
    public static func worstCasePartitionBytes(keyLength: Int) -> Int {
        let names = 9  // i s a r d e o x u, one byte each
        let mapOverhead = 3 + 9  // map header plus one byte per element
        let numbers = 4 + 3 + 11 + 8 + 8 + 8 + 11  // i, a, r, d, x, u as DynamoDB numbers (≈ digits/2 + 1)
        let strings = "completed".utf8.count + PartitionState.storedErrorLimit + 3 + ownerLimit
        return keyLength + names + mapOverhead + numbers + strings
    }

    /// The most partitions a job can have with keys of `keyLength` bytes and still fit in one item.
    public static func maximumPartitions(keyLength: Int) -> Int {
        (itemLimit - headerAllowance) / worstCasePartitionBytes(keyLength: keyLength)
    }

    /// Throws `jobTooLarge` when `definition` could outgrow one item.
    public static func check(_ definition: JobDefinition) throws(BackfillCoreError) {
        let longest = definition.partitionKeys.map(\.utf8.count).max() ?? 0
        let limit = maximumPartitions(keyLength: longest)
        guard definition.partitionKeys.count <= limit else {
            throw BackfillCoreError(
                .jobTooLarge,
                "\(definition.partitionKeys.count) partitions exceed the \(limit) one job item holds; use larger windows",
                context: ["job": definition.jobID]
            )
        }
    }

    /// The item for `job`.
    public static func item(_ job: JobRecord, version: Int) -> DynamoDBItem {
        var item: DynamoDBItem = [
            "job_id": .string(job.jobID), "handler": .string(job.handler), "destination": .string(job.destination),
            "tenant_id": .string(job.tenantID ?? noTenant), "status": .string(job.status.rawValue),
            "max_attempts": .number(job.maxAttempts), "created_at": number(job.createdAt),
            "updated_at": number(job.updatedAt), "version": .number(version),
            "count_pending": .number(job.totals.pending), "count_running": .number(job.totals.running),
            "count_succeeded": .number(job.totals.succeeded), "count_failed": .number(job.totals.failed),
            "count_skipped": .number(job.totals.skipped), "records": .number(String(job.totals.records)),
        ]
        if let reason = job.statusReason { item["status_reason"] = .string(reason) }
        if let expiresAt = job.expiresAt { item["expires_at"] = .number(String(expiresAt.secondsSince1970)) }
        var partitions: [String: DynamoDBValue] = [:]
        for (index, state) in job.partitions.enumerated() {
            partitions[state.key] = .map(entry(state, index: index))
        }
        item["p"] = .map(partitions)
        return item
    }

    /// One partition's map.
    static func entry(_ state: PartitionState, index: Int) -> [String: DynamoDBValue] {
        var map: [String: DynamoDBValue] = [
            "i": .number(index), "s": .string(state.status.rawValue), "a": .number(state.attempts),
        ]
        if state.records != 0 { map["r"] = .number(String(state.records)) }
        if state.durationMilliseconds != 0 { map["d"] = .number(String(state.durationMilliseconds)) }
        if let error = state.lastError { map["e"] = .string(error) }
        if let lease = state.lease {
            map["o"] = .string(lease.owner)
            map["x"] = number(lease.expiresAt)
        }
        if let updated = state.updatedAt { map["u"] = number(updated) }
        if !state.details.isEmpty { map["m"] = PartitionDetail.item(state.details) }
        return map
    }

    /// Reads a job item back, with its version.
    public static func job(from item: DynamoDBItem) throws(BackfillCoreError) -> (record: JobRecord, version: Int) {
        guard let partitions = item["p"]?.mapValue else {
            throw BackfillCoreError(
                .storeFailure, "malformed job item", context: ["job": item["job_id"]?.stringValue ?? "?"])
        }
        var (record, version) = try header(from: item)
        let id = record.jobID
        var ordered: [(Int, PartitionState)] = []
        for (key, value) in partitions {
            guard let map = value.mapValue, let status = map["s"]?.stringValue.flatMap(PartitionStatus.init(rawValue:))
            else {
                throw BackfillCoreError(.storeFailure, "malformed partition entry", context: ["job": id, "key": key])
            }
            var state = PartitionState(key: key, status: status, attempts: map["a"]?.intValue ?? 0)
            state.records = Int64(map["r"]?.intValue ?? 0)
            state.durationMilliseconds = Int64(map["d"]?.intValue ?? 0)
            state.lastError = map["e"]?.stringValue
            if let owner = map["o"]?.stringValue, let expiry = timestamp(map["x"]) {
                state.lease = Lease(owner: owner, expiresAt: expiry)
            }
            state.updatedAt = timestamp(map["u"])
            state.details = PartitionDetail.details(from: map["m"])
            ordered.append((map["i"]?.intValue ?? Int.max, state))
        }
        record.partitions = ordered.sorted { ($0.0, $0.1.key) < ($1.0, $1.1.key) }.map(\.1)
        record.totals = JobTotals(record.partitions)
        return (record, version)
    }

    /// The job's top level (everything but its partitions), with its version.
    static func header(from item: DynamoDBItem) throws(BackfillCoreError) -> (record: JobRecord, version: Int) {
        guard let id = item["job_id"]?.stringValue, let handler = item["handler"]?.stringValue,
            let status = item["status"]?.stringValue.flatMap(JobStatus.init(rawValue:))
        else {
            throw BackfillCoreError(
                .storeFailure, "malformed job item", context: ["job": item["job_id"]?.stringValue ?? "?"])
        }
        let tenant = item["tenant_id"]?.stringValue
        let definition = JobDefinition(
            jobID: id,
            handler: handler,
            destination: item["destination"]?.stringValue ?? "",
            tenantID: tenant == noTenant ? nil : tenant,
            partitionKeys: [],
            maxAttempts: item["max_attempts"]?.intValue ?? 3
        )
        var record = JobRecord(definition, now: timestamp(item["created_at"]) ?? Timestamp(millisecondsSince1970: 0))
        record.status = status
        record.statusReason = item["status_reason"]?.stringValue
        record.updatedAt = timestamp(item["updated_at"]) ?? record.createdAt
        record.expiresAt = item["expires_at"]?.intValue.map { Timestamp(secondsSince1970: Int64($0)) }
        return (record, item["version"]?.intValue ?? 0)
    }

    static func number(_ timestamp: Timestamp) -> DynamoDBValue { .number(String(timestamp.millisecondsSince1970)) }

    static func timestamp(_ value: DynamoDBValue?) -> Timestamp? {
        guard case .number(let text) = value, let milliseconds = Int64(text) else { return nil }
        return Timestamp(millisecondsSince1970: milliseconds)
    }
}
