import Logging
import Timekeeping

/// One run of a job: claims partitions in order while time allows, runs up to `concurrency` at once, retries
/// failed ones with attempts left after the first pass, waits for silent workers' leases to lapse, and finishes
/// the job once every partition is settled.
struct RunLoop {
    let runner: JobRunner
    let deadline: Deadline
    let work: PartitionWork
    var job: JobRecord
    var budget: DeadlineBudget
    var breaker: CircuitBreaker
    var attempts: [AttemptReport] = []
    var stop: RunStop?
    var queue: [String] = []
    var inFlight = 0

    init(runner: JobRunner, job: JobRecord, deadline: Deadline, work: @escaping PartitionWork) {
        self.runner = runner
        self.job = job
        self.deadline = deadline
        self.work = work
        let configuration = runner.configuration
        budget = DeadlineBudget(
            safetyMargin: configuration.safetyMargin,
            initialEstimate: configuration.initialPartitionEstimate
        )
        breaker = CircuitBreaker(threshold: configuration.circuitBreakerThreshold)
        queue = candidates(at: runner.time.now)
    }

    var store: any JobStore { runner.store }
    var time: any TimeSource { runner.time }
    var jobID: String { job.jobID }

    mutating func run() async throws -> RunSummary {
        try await withThrowingTaskGroup(of: AttemptReport.self) { group in
            while stop == nil {
                if inFlight >= runner.configuration.concurrency {
                    try await collect(from: &group)
                    continue
                }
                if queue.isEmpty {
                    if inFlight > 0 {
                        try await collect(from: &group)
                    } else if try await !refill() {
                        break
                    }
                    continue
                }
                guard budget.canStart(remaining: deadline.remaining(at: time.now)) else {
                    stop = .deadline
                    break
                }
                let key = queue.removeFirst()
                let result = try await store.claim(
                    jobID: jobID,
                    partition: key,
                    owner: runner.configuration.owner,
                    leaseDuration: runner.configuration.leaseDuration,
                    now: time.now
                )
                switch result {
                case .claimed(let state):
                    inFlight += 1
                    let attempt = PartitionAttempt(runner: runner, jobID: jobID, claimed: state, deadline: deadline)
                    let work = self.work
                    group.addTask { await attempt.run(work) }
                case .unavailable(_, let status):
                    if !status.acceptsClaims {
                        stop = JobRunner.stop(for: job.with(status: status))
                    } else {
                        try await requeueAfterLostClaim()
                    }
                }
            }
            while inFlight > 0 { try await collect(from: &group) }
        }
        return try await finish()
    }

    /// Keys worth claiming at `now`, in job order (including lapsed leases on their last attempt, which the store
    /// then records as failed).
    func candidates(at now: Timestamp) -> [String] {
        job.partitions.filter {
            $0.isClaimable(at: now, maxAttempts: job.maxAttempts)
                || $0.isAbandoned(at: now, maxAttempts: job.maxAttempts)
        }.map(\.key)
    }

    /// After losing a claim: the queue is stale (other workers have taken or finished partitions since this one
    /// read the job), and each stale entry would cost another lost claim and the store's fresh read of the grid.
    /// One read rebuilds the queue from what is claimable now, then the worker spreads out.
    mutating func requeueAfterLostClaim() async throws {
        if let fresh = try await store.job(id: jobID) {
            job = fresh
            queue = candidates(at: time.now)
        }
        spreadAfterLostClaim()
    }

    /// After losing a claim to another worker, jumps to a point of the queue that depends on this worker's owner:
    /// workers that read the job at the same moment hold the same queue, and walking it in the same order they would
    /// keep racing for the same next partition (each lost race costs a conditional write and a fresh read). A
    /// worker alone never loses a claim, so it keeps the job's order.
    mutating func spreadAfterLostClaim() {
        guard queue.count > 1 else { return }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a of the owner: stable across processes
        for byte in runner.configuration.owner.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let offset = Int(hash % UInt64(queue.count))
        queue = Array(queue[offset...] + queue[..<offset])
    }

    /// Re-reads the job when the queue ran dry: queues what became claimable, or waits for other workers' leases
    /// to lapse while the deadline allows. False when the loop should end.
    mutating func refill() async throws -> Bool {
        guard let fresh = try await store.job(id: jobID) else {
            throw BackfillCoreError(.jobNotFound, "job disappeared", context: ["job": jobID])
        }
        job = fresh
        if let forced = JobRunner.stop(for: job) {
            stop = forced
            return false
        }
        let now = time.now
        queue = candidates(at: now)
        if !queue.isEmpty { return true }
        let leases = job.partitions.filter { $0.status == .running }.compactMap { $0.lease?.expiresAt }
        guard let earliest = leases.min() else { return false }
        let wait = max(earliest - now, .zero) + .milliseconds(1)
        guard budget.canWait(wait, remaining: deadline.remaining(at: now)) else {
            stop = .deadline
            return false
        }
        runner.logger.info(
            "waiting for another worker's lease",
            metadata: ["job_id": "\(jobID)", "wait_ms": "\(wait.wholeMilliseconds)", "running": "\(leases.count)"]
        )
        try await time.sleep(for: wait)
        return true
    }

    /// Takes one finished attempt from the group and accounts for it.
    mutating func collect(from group: inout ThrowingTaskGroup<AttemptReport, any Error>) async throws {
        guard let report = try await group.next() else { return }
        inFlight -= 1
        attempts.append(report)
        runner.emit(report, jobID: jobID)
        switch report.result {
        case .succeeded(_, let duration), .skipped(_, let duration):
            budget.observe(duration)
            breaker.recordSuccess()
        case .failed(let error, let duration):
            budget.observe(duration)
            if breaker.recordFailure(report.partition, error: error) {
                let reason = breaker.reason
                _ = try await store.setStatus(
                    jobID: jobID,
                    to: .paused,
                    reason: reason,
                    from: [.pending, .running],
                    requireIdle: false,
                    expiresAt: nil,
                    now: time.now
                )
                runner.logger.error("job paused", metadata: ["job_id": "\(jobID)", "reason": "\(reason)"])
                if stop == nil || stop == .deadline { stop = .paused(reason) }
            }
        case nil:
            break
        }
    }

    /// Re-reads the job, finishes it when every partition is settled, and builds the summary.
    mutating func finish() async throws -> RunSummary {
        if let fresh = try await store.job(id: jobID) { job = fresh }
        if job.isSettled && job.status.acceptsClaims {
            let status = job.settledStatus
            let now = time.now
            let finished = try await store.setStatus(
                jobID: jobID,
                to: status,
                reason: nil,
                from: [.pending, .running],
                requireIdle: true,
                expiresAt: now + runner.configuration.finishedJobRetention,
                now: now
            )
            if let fresh = try await store.job(id: jobID) { job = fresh }
            if finished {
                runner.logger.info("job finished", metadata: ["job_id": "\(jobID)", "status": "\(status.rawValue)"])
            }
        }
        // A job still pending or running has work left: another invocation continues it.
        return RunSummary(jobID: jobID, stop: JobRunner.stop(for: job) ?? .deadline, job: job, attempts: attempts)
    }
}

extension JobRecord {
    /// A copy with `status` (for deciding a stop from a claim's answer).
    func with(status: JobStatus) -> JobRecord {
        var copy = self
        copy.status = status
        return copy
    }
}
