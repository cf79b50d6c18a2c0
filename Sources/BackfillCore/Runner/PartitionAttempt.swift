import JSON
import Logging
import Redaction
import Timekeeping

/// One claimed partition being worked on: runs the handler's work beside a heartbeat that keeps the lease, then
/// records the result if the lease is still held.
struct PartitionAttempt: Sendable {
    let runner: JobRunner
    let jobID: String
    let claimed: PartitionState
    let deadline: Deadline

    func run(_ work: @escaping PartitionWork) async -> AttemptReport {
        let configuration = runner.configuration
        let keeper = LeaseKeeper(
            store: runner.store,
            jobID: jobID,
            claimed: claimed,
            owner: configuration.owner,
            leaseDuration: configuration.leaseDuration,
            renewalLead: configuration.renewalLead,
            time: runner.time
        )
        var logger = runner.logger
        logger[metadataKey: "job_id"] = "\(jobID)"
        logger[metadataKey: "partition"] = "\(claimed.key)"
        logger[metadataKey: "attempt"] = "\(claimed.attempts)"
        let context = PartitionContext(
            jobID: jobID,
            attempt: claimed.attempts,
            logger: logger,
            time: runner.time,
            keeper: keeper,
            deadline: deadline
        )
        let partition = Partition.parse(claimed.key)
        let time = runner.time
        let interval = configuration.heartbeatInterval
        let heartbeatTick = configuration.heartbeatTick ?? { try await time.sleep(for: interval) }
        runner.publish(.partitionStarted(jobID: jobID, partition: claimed.key, attempt: claimed.attempts))
        let started = runner.time.now
        let outcome: Result<PartitionOutcome, any Error>
        do {
            outcome = .success(
                try await Self.withHeartbeat(keeper, tick: heartbeatTick, logger: logger) {
                    try await work(partition, context)
                })
        } catch {
            outcome = .failure(error)
        }
        let duration = runner.time.now - started
        var report = AttemptReport(
            partition: claimed.key,
            attempt: claimed.attempts,
            result: nil,
            throttles: (try? outcome.get().throttles) ?? 0,
            renewals: keeper.renewals
        )
        guard !keeper.isLost else {
            logger.warning("lease lost; result discarded")
            return report
        }
        let result: PartitionResult
        switch outcome {
        case .success(let value):
            if !value.splitInto.isEmpty {
                // The halves join the job before this partition is settled: a crash in between only repeats the
                // split, whose keys are then already there.
                do {
                    let added = try await runner.store.addPartitions(
                        jobID: jobID, keys: value.splitInto, now: runner.time.now)
                    logger.info("partition split", metadata: ["into": "\(value.splitInto)", "added": "\(added.count)"])
                } catch {
                    logger.error(
                        "could not add the split's partitions",
                        metadata: ["error": "\(SecretRedactor.errors.redact("\(error)"))"])
                    return report
                }
            }
            if let reason = value.skippedReason {
                result = .skipped(reason: reason, duration: duration)
            } else {
                result = .succeeded(records: value.records, duration: duration)
            }
        case .failure(let error):
            result = .failed(
                error: SecretRedactor.errors.redact(String(describing: error), limit: PartitionState.storedErrorLimit),
                duration: duration)
            let fields = awsFailureFields(error)
            if !fields.isEmpty {
                logger.warning(
                    "partition failed on an AWS call", metadata: fields.mapValues { Logger.MetadataValue.string($0) })
            }
        }
        do {
            let recorded = try await runner.store.complete(
                jobID: jobID,
                partition: claimed.key,
                owner: configuration.owner,
                attempt: claimed.attempts,
                result: result,
                details: (try? outcome.get().details) ?? [:],
                now: runner.time.now
            )
            if recorded {
                report.result = result
            } else {
                logger.warning("lease taken over before completion; result discarded")
            }
        } catch {
            logger.error(
                "could not record the result", metadata: ["error": "\(SecretRedactor.errors.redact("\(error)"))"])
        }
        return report
    }

    /// Runs `body` while a heartbeat renews the lease on every tick when due; a lost lease cancels the body.
    static func withHeartbeat(
        _ keeper: LeaseKeeper,
        tick: @escaping @Sendable () async throws -> Void,
        logger: Logger,
        _ body: @escaping @Sendable () async throws -> PartitionOutcome
    ) async throws -> PartitionOutcome {
        try await withThrowingTaskGroup(of: PartitionOutcome?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                while true {
                    try await tick()
                    try Task.checkCancellation()
                    do {
                        try await keeper.renewIfDue()
                    } catch let error as BackfillCoreError where error.code == .conflict {
                        throw error
                    } catch {
                        logger.warning("lease renewal failed; will retry", metadata: ["error": "\(error)"])
                    }
                }
            }
            defer { group.cancelAll() }
            while let value = try await group.next() {
                if let value { return value }
            }
            throw CancellationError()
        }
    }
}

extension JobRunner {
    /// Logs one finished attempt and publishes it (metrics and the event sink).
    func emit(_ report: AttemptReport, jobID: String) {
        let status = report.result.map { $0.status.rawValue } ?? "lost"
        let duration = report.result?.duration ?? .zero
        var metadata: Logger.Metadata = [
            "job_id": "\(jobID)", "partition": "\(report.partition)", "attempt": "\(report.attempt)",
            "status": "\(status)", "records": "\(report.result?.records ?? 0)",
            "duration_ms": "\(duration.wholeMilliseconds)",
        ]
        if case .failed(let error, _) = report.result { metadata["error"] = "\(error)" }
        if report.renewals > 0 { metadata["renewals"] = "\(report.renewals)" }
        if report.result == nil || report.result?.status == .failed {
            logger.warning("partition \(status)", metadata: metadata)
        } else {
            logger.info("partition \(status)", metadata: metadata)
        }
        publish(.partitionFinished(jobID: jobID, report: report))
    }

    /// Sends `event` to the metrics and to the event sink.
    func publish(_ event: RunEvent) {
        metrics.record(event, at: time.now)
        events?(event)
    }
}
