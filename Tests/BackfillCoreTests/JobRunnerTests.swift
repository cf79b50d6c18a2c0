import BackfillCore
import BackfillTesting
import JSON
import Synchronization
import Testing
import Timekeeping

@Suite("Job runner: leases, attempts, breaker, cancel, deadline")
struct JobRunnerTests {
    let store = InMemoryJobStore()
    let clock = ManualTimeSource()
    let capture = LogCapture()

    func runner(_ configuration: RunnerConfiguration = JobFixtures.configuration()) -> JobRunner {
        JobRunner(
            store: store, time: clock, configuration: configuration, logger: capture.logger, metrics: capture.metrics)
    }

    /// Work that takes `duration` of virtual time, checking in every 10 s when `checkIns` is set.
    func work(taking duration: Duration, checkIns: Bool = false, records: Int64 = 10) -> PartitionWork {
        { [clock] _, context in
            var elapsed = Duration.zero
            while elapsed < duration {
                let step = min(.seconds(10), duration - elapsed)
                clock.advance(by: step)
                elapsed += step
                if checkIns { try await context.checkIn() }
            }
            return PartitionOutcome(records: records)
        }
    }

    @Test("partitions finishing within one lease cost exactly a claim and a completion")
    func trackerOverhead() async throws {
        let summary = try await runner().start(
            JobFixtures.definition(20), mode: .missing, deadline: .none, work: work(taking: .seconds(30)))
        let writes = store.writes
        #expect(writes.claim == 20 && writes.complete == 20 && writes.renew == 0)
        #expect(writes.total == 20 * 2 + 2)  // plus create and finish
        #expect(summary.stop == .finished(.completed))
        #expect(summary.job.totals.records == 200)
        #expect(summary.job.expiresAt == clock.now + .seconds(30 * 86_400))
        #expect(summary.report(message: "backfill_complete").statusCode == 200)
        #expect(summary.continuation["continue"] == false)
    }

    @Test("long partitions renew their lease about once per lease period through check-ins")
    func checkInRenewals() async throws {
        let summary = try await runner().start(
            JobFixtures.definition(3), mode: .missing, deadline: .none,
            work: work(taking: .seconds(130), checkIns: true)
        )
        // Lease 60 s renewed 10 s before expiry: renewals at 50 s and 100 s of each 130 s partition.
        #expect(store.writes.renew == 6)
        #expect(summary.attempts.map(\.renewals) == [2, 2, 2])
        #expect(store.writes.claim + store.writes.complete == 6)
    }

    @Test("the background heartbeat renews without check-ins")
    func backgroundHeartbeat() async throws {
        let tick: @Sendable () async throws -> Void = { await Task.yield() }
        let store = self.store
        let clock = self.clock
        let slow: PartitionWork = { _, _ in
            for target in [1, 2] {
                clock.advance(by: .seconds(50))
                let renewed = await JobFixtures.eventually { store.writes.renew == target }
                #expect(renewed)
            }
            clock.advance(by: .seconds(30))
            return PartitionOutcome(records: 1)
        }
        let summary = try await runner(JobFixtures.configuration(tick: tick)).start(
            JobFixtures.definition(1), mode: .missing, deadline: .none, work: slow
        )
        #expect(store.writes.renew == 2)
        #expect(summary.stop == .finished(.completed))
    }

    @Test("a silent worker's partition is taken over once its lease lapses, and the job finishes in one run")
    func leaseTakeover() async throws {
        let keys = JobFixtures.keys(3)
        _ = try await store.createJob(JobFixtures.definition(3), now: clock.now)
        _ = try await store.claim(
            jobID: "job-1", partition: keys[1], owner: "crashed", leaseDuration: .seconds(60), now: clock.now)
        let effects = SideEffects()
        let summary = try await runner().resume(jobID: "job-1", deadline: .at(clock.now + .seconds(900))) {
            partition, _ in
            effects.record(partition.key)
            return PartitionOutcome(records: 1)
        }
        #expect(summary.stop == .finished(.completed))
        #expect(effects.all == [keys[0]: 1, keys[1]: 1, keys[2]: 1])
        #expect(clock.sleeps == [.milliseconds(60_001)])
        #expect(summary.job.partition(keys[1])?.attempts == 2)
    }

    @Test("a lease lapsing after the deadline allows returns a continuation instead of waiting")
    func leaseWaitRespectsDeadline() async throws {
        let keys = JobFixtures.keys(2)
        _ = try await store.createJob(JobFixtures.definition(2), now: clock.now)
        _ = try await store.claim(
            jobID: "job-1", partition: keys[0], owner: "crashed", leaseDuration: .seconds(60), now: clock.now)
        let summary = try await runner().resume(
            jobID: "job-1", deadline: .at(clock.now + .seconds(50)), work: work(taking: .seconds(1)))
        #expect(summary.stop == .deadline)
        #expect(clock.sleeps.isEmpty)
        #expect(summary.continuation == ["continue": true, "job_id": "job-1", "remaining": 1, "status": "running"])
    }

    @Test("a failing partition gets max attempts, the job completes with errors, and secrets are redacted")
    func maxAttempts() async throws {
        let keys = JobFixtures.keys(5)
        let summary = try await runner().start(JobFixtures.definition(5), mode: .missing, deadline: .none) {
            partition, _ in
            if partition.key == keys[2] {
                throw BackfillCoreError(.storeFailure, "denied for account 123456789012 with password=hunter2")
            }
            return PartitionOutcome(records: 1)
        }
        #expect(summary.stop == .finished(.completedWithErrors))
        #expect(summary.job.partition(keys[2])?.attempts == 3)
        #expect(summary.attempts.filter { $0.partition == keys[2] }.count == 3)
        let report = summary.report(message: "backfill_complete")
        #expect(report.statusCode == 207)
        let error = try #require(report.failed.first?.error)
        #expect(!error.contains("123456789012") && !error.contains("hunter2"))
        #expect(error.contains("************") && error.contains("[REDACTED]"))
    }

    @Test("the circuit breaker pauses the job after three consecutive failures and records why")
    func circuitBreaker() async throws {
        let summary = try await runner().start(JobFixtures.definition(10), mode: .missing, deadline: .none) { _, _ in
            throw BackfillCoreError(.storeFailure, "source down")
        }
        guard case .paused(let reason) = summary.stop else { Issue.record("not paused: \(summary.stop)"); return }
        #expect(reason?.contains("3 consecutive failures") == true)
        #expect(summary.job.status == .paused && summary.job.statusReason == reason)
        #expect(summary.job.totals.failed == 3 && summary.job.totals.pending == 7)
        #expect(summary.continuation["continue"] == false)
        let resumed = try await runner().resume(jobID: "job-1", deadline: .none, work: work(taking: .seconds(1)))
        #expect(resumed.attempts.isEmpty)
    }

    @Test("cancel is honoured between partitions")
    func cancel() async throws {
        let store = self.store
        let summary = try await runner().start(JobFixtures.definition(6), mode: .missing, deadline: .none) {
            partition, _ in
            if partition.key == JobFixtures.keys(6)[1] {
                _ = try await store.setStatus(
                    jobID: "job-1", to: .cancelled, reason: "operator", from: [.pending, .running],
                    requireIdle: false, expiresAt: nil, now: Timestamp(millisecondsSince1970: 0)
                )
            }
            return PartitionOutcome(records: 1)
        }
        #expect(summary.stop == .cancelled)
        #expect(summary.job.totals.succeeded == 2 && summary.job.totals.pending == 4)
    }

    @Test("the runner stops claiming before the deadline using observed durations, then a continuation finishes")
    func deadlineAndContinuation() async throws {
        let configuration = JobFixtures.configuration()
        // Margin = 5 s safety + longest observed partition (10 s) once one is seen; the initial guess is 30 s.
        let summary = try await runner(configuration).start(
            JobFixtures.definition(12), mode: .missing, deadline: .at(clock.now + .seconds(100)),
            work: work(taking: .seconds(10))
        )
        #expect(summary.stop == .deadline)
        #expect(summary.job.totals.succeeded == 9)
        #expect(summary.continuation == ["continue": true, "job_id": "job-1", "remaining": 3, "status": "running"])
        let second = try await runner(configuration).resume(
            jobID: "job-1", deadline: .remaining { .seconds(600) }, work: work(taking: .seconds(10))
        )
        #expect(second.stop == .finished(.completed))
        #expect(second.attempts.count == 3)
        #expect(store.writes.claim == 12)
    }

    @Test("repeated triggers join the job; force and failed modes reset, missing mode does nothing more")
    func repeatedTriggers() async throws {
        let keys = JobFixtures.keys(4)
        let id = JobID.derive(handler: "test", destination: "s3://bucket/prefix", partitionKeys: keys)
        #expect(id == JobID.derive(handler: "test", destination: "s3://bucket/prefix", partitionKeys: keys))
        #expect(id != JobID.derive(handler: "test", destination: "s3://bucket/other", partitionKeys: keys))
        let definition = JobDefinition(
            jobID: id, handler: "test", destination: "s3://bucket/prefix", partitionKeys: keys, maxAttempts: 1)
        let effects = SideEffects()
        let flaky: PartitionWork = { partition, _ in
            effects.record(partition.key)
            if partition.key == keys[3] && effects.all[keys[3]] == 1 {
                throw BackfillCoreError(.conflict, "first try fails")
            }
            return PartitionOutcome(records: 1)
        }
        let first = try await runner().start(
            definition, mode: .missing, existingAtDestination: [keys[0]], deadline: .none, work: flaky)
        #expect(first.stop == .finished(.completedWithErrors))
        #expect(first.report(message: "m").skipped == [keys[0]])
        let again = try await runner().start(definition, mode: .missing, deadline: .none, work: flaky)
        #expect(again.attempts.isEmpty && again.stop == .finished(.completedWithErrors))
        let retried = try await runner().start(definition, mode: .failed, deadline: .none, work: flaky)
        #expect(retried.attempts.map(\.partition) == [keys[3]] && retried.stop == .finished(.completed))
        let forced = try await runner().start(definition, mode: .all, deadline: .none, work: flaky)
        #expect(forced.attempts.count == 4 && forced.stop == .finished(.completed))
        #expect(effects.all == [keys[0]: 1, keys[1]: 2, keys[2]: 2, keys[3]: 3])
    }

    @Test("a result is discarded when another worker took the partition over")
    func lostLease() async throws {
        let store = self.store
        let clock = self.clock
        let key = JobFixtures.keys(1)[0]
        let deadline = Deadline.at(clock.now + .seconds(100))
        let summary = try await runner().start(JobFixtures.definition(1), mode: .missing, deadline: deadline) { _, _ in
            clock.advance(by: .seconds(61))
            _ = try await store.claim(
                jobID: "job-1", partition: key, owner: "other", leaseDuration: .seconds(60), now: clock.now)
            return PartitionOutcome(records: 1)
        }
        #expect(summary.attempts.count == 1 && summary.attempts.first?.result == nil)
        #expect(summary.stop == .deadline)
        #expect(summary.job.partition(key)?.lease?.owner == "other")
        #expect(capture.messages.contains { $0.contains("lease taken over") })
    }

    @Test("every finished partition writes a progress log and an EMF line")
    func progressAndMetrics() async throws {
        _ = try await runner().start(
            JobFixtures.definition(2), mode: .missing, deadline: .none, work: work(taking: .seconds(2), records: 7))
        #expect(capture.messages.filter { $0.contains("partition succeeded") }.count == 2)
        let lines = capture.lines
        #expect(lines.count == 2)
        let line = try JSONParser.parse(try #require(lines.first))
        #expect(line["Records"] == 7 && line["PartitionsSucceeded"] == 1 && line["PartitionDuration"] == 2000)
        #expect(line["_aws"]?["CloudWatchMetrics"]?.arrayValue?.first?["Namespace"] == "Backfill")
        #expect(line["Handler"] == "test")
    }
}

@Suite("Two runners on one job")
struct ConcurrentRunnerTests {
    @Test("no partition is processed twice and all work is done", arguments: [1, 3])
    func twoRunners(concurrency: Int) async throws {
        let store = InMemoryJobStore()
        let clock = YieldingTimeSource()
        let effects = SideEffects()
        let work: PartitionWork = { partition, _ in
            effects.record(partition.key)
            for _ in 0..<3 { await Task.yield() }
            clock.advance(by: .milliseconds(5))
            return PartitionOutcome(records: 1)
        }
        func runner(_ owner: String) -> JobRunner {
            JobRunner(
                store: store,
                time: clock,
                configuration: JobFixtures.configuration(owner: owner, concurrency: concurrency),
                logger: LogCapture().logger
            )
        }
        let definition = JobFixtures.definition(40)
        async let first = runner("a").start(definition, mode: .missing, deadline: .none, work: work)
        async let second = runner("b").start(definition, mode: .missing, deadline: .none, work: work)
        let (one, two) = try await (first, second)
        #expect(effects.all.count == 40 && effects.all.values.allSatisfy { $0 == 1 })
        #expect(one.attempts.count + two.attempts.count == 40)
        let job = try #require(try await store.job(id: "job-1"))
        #expect(job.status == .completed && job.totals.succeeded == 40)
        #expect(one.stop == .finished(.completed) && two.stop == .finished(.completed))
    }
}
