import BackfillCore
import JSON
import Logging
import Timekeeping

/// The state machine's fan-out over an export's partitions: `plan` (create the job, save the plan and the Map's
/// item list), `aggregatePartition` (one file group under a tracker lease, its partial saved before the
/// partition is marked done) and `merge` (the whole-export path over the saved partials: any partition not
/// saved yet is aggregated here, then the exact merge, the table and CloudWatch).
extension AnalyticsAggregateRun {
    /// The `plan` action: the job id, the partitions, the bytes, and whether (and how) to fan out.
    func plan() async throws -> JSONValue {
        let (plan, _) = try await makePlan()
        let aggregates = configuration.aggregatesPrefix(exportId: plan.exportId)
        _ = try await dependencies.jobs.createJob(
            plan.definition(bucket: configuration.exportBucket, aggregatesPrefix: aggregates),
            now: dependencies.time.now)
        let itemsKey = configuration.planItemsKey(jobID: plan.jobID)
        try await objects.put(
            configuration.planKey(jobID: plan.jobID), body: try plan.encoded(), contentType: "application/json")
        try await objects.put(itemsKey, body: plan.items.serializedBytes(), contentType: "application/json")
        let fanOut = plan.totalBytes > configuration.fanOutBytes
        let distributed = fanOut && plan.partitions.count > configuration.distributedPartitions
        logger.info(
            "Aggregation planned",
            metadata: [
                "job_id": "\(plan.jobID)", "partitions": "\(plan.partitions.count)", "bytes": "\(plan.totalBytes)",
                "fanOut": "\(fanOut)", "distributed": "\(distributed)",
            ])
        var result: JSONObject = [
            "job_id": .string(plan.jobID), "exportArn": .string(plan.exportArn), "mode": .string(plan.mode),
            "partitionCount": .int(Int64(plan.partitions.count)), "totalBytes": .int(Int64(plan.totalBytes)),
            "fanOut": .bool(fanOut), "distributed": .bool(distributed),
            "partitions": distributed ? [] : plan.items,
            "itemsBucket": .string(configuration.exportBucket), "itemsKey": .string(itemsKey),
        ]
        if let start = plan.backfillStartDate { result["backfillStartDate"] = .string(start) }
        return .object(result)
    }

    /// The `aggregatePartition` action: claims `key` of `jobID`, aggregates its files, saves the partial and
    /// records the partition as succeeded. A partition already done answers `"status": "done"`.
    func aggregatePartition(jobID: String, key: String) async throws -> JSONValue {
        let plan = try await savedPlan(jobID)
        guard let group = plan.exportPartitions.group(key) else {
            throw AnalyticsHandlerError(
                .invalidEvent, "Unknown partition \(key) of job \(jobID)", context: ["field": "partition"])
        }
        let store = dependencies.jobs
        let time = dependencies.time
        let lease = Duration.seconds(60)
        let claim = try await store.claim(
            jobID: jobID, partition: key, owner: owner, leaseDuration: lease, now: time.now)
        guard case .claimed(let state) = claim else {
            if case .unavailable(let state, _) = claim, state.status == .succeeded || state.status == .skipped {
                return ["job_id": .string(jobID), "partition": .string(key), "status": "done"]
            }
            throw AnalyticsHandlerError(
                .aggregate, "Partition \(key) cannot be claimed now (held by another worker, failed or job stopped)",
                context: ["job_id": jobID, "partition": key])
        }
        let started = time.now
        let owner = self.owner
        let attempt = state.attempts
        let work = ExportGroupAggregator(
            objects: objects, aggregatesPrefix: configuration.aggregatesPrefix(exportId: plan.exportId),
            progress: AggregationProgress(logger: logger, time: time))
        do {
            let items = try await work.run(group, logger: logger) {
                guard
                    try await store.renew(
                        jobID: jobID, partition: key, owner: owner, attempt: attempt, leaseDuration: lease,
                        now: time.now)
                else { throw AnalyticsHandlerError(.aggregate, "Lost the lease on partition \(key)") }
            }
            let recorded = try await store.complete(
                jobID: jobID, partition: key, owner: owner, attempt: attempt,
                result: .succeeded(records: items, duration: time.now - started), now: time.now)
            return [
                "job_id": .string(jobID), "partition": .string(key), "items": .int(items),
                "status": recorded ? "succeeded" : "superseded",
            ]
        } catch {
            let message = String(String(describing: error).prefix(PartitionState.storedErrorLimit))
            _ = try? await store.complete(
                jobID: jobID, partition: key, owner: owner, attempt: attempt,
                result: .failed(error: message, duration: time.now - started), now: time.now)
            throw error
        }
    }

    /// The `merge` action: the saved plan's whole-export run, which finds every partial saved and merges them.
    func merge(jobID: String, deadline: Deadline) async throws -> JSONValue {
        let plan = try await savedPlan(jobID)
        let listed = Set(try await objects.keys(prefix: configuration.aggregatesPrefix(exportId: plan.exportId)))
        var run = self
        run.request = try plan.request()
        return try await run.aggregate(plan, listedKeys: listed, deadline: deadline)
    }

    /// The plan the `plan` action saved for `jobID`.
    func savedPlan(_ jobID: String) async throws -> AnalyticsPlan {
        let key = configuration.planKey(jobID: jobID)
        guard try await objects.exists(key) else {
            throw AnalyticsHandlerError(
                .invalidEvent, "No saved plan for job \(jobID): run the plan action first", context: ["field": "job_id"]
            )
        }
        return try AnalyticsPlan(encoded: try await objects.getBytes(key))
    }
}
