import BackfillCore
import BackfillTesting
import JSON
import Synchronization
import Testing
import Timekeeping

/// The one runner entry point: one read of the job before the first claim, reconciliation with the
/// destination, the plan made once, progress events, and the report handlers extend.
@Suite("Runner entry point: reconcile, plan once, events, report")
struct RunEntryPointTests {
    let store = InMemoryJobStore()
    let clock = ManualTimeSource()
    let capture = LogCapture()

    func runner(events: RunEventSink? = nil) -> JobRunner {
        JobRunner(
            store: store, time: clock, configuration: JobFixtures.configuration(), logger: capture.logger,
            metrics: capture.metrics, events: events)
    }

    let succeed: PartitionWork = { _, _ in PartitionOutcome(records: 1) }

    @Test("a job is read once before the first claim, whether it is new or joined")
    func oneRead() async throws {
        _ = try await runner().run(
            JobFixtures.definition(3), mode: .failed, destination: DestinationState(complete: []), deadline: .none,
            work: succeed)
        #expect(store.readsBeforeFirstClaim == 0)  // created: nothing to read
        let again = InMemoryJobStore()
        _ = try await again.createJob(JobFixtures.definition(3), now: clock.now)
        _ = try await JobRunner(
            store: again, time: clock, configuration: JobFixtures.configuration(), logger: capture.logger
        )
        .run(JobFixtures.definition(3), mode: .failed, deadline: .none, work: succeed)
        #expect(again.readsBeforeFirstClaim == 1)
    }

    @Test("partitions done in the tracker but missing at the destination run again; present ones are skipped")
    func reconcile() async throws {
        let definition = JobFixtures.definition(3)
        _ = try await runner().run(definition, mode: .failed, deadline: .none, work: succeed)
        let keys = JobFixtures.keys(3)
        let ran = Mutex<[String]>([])
        let outcome = try await runner().run(
            definition, mode: .failed, destination: DestinationState(complete: [keys[0], keys[2]]),
            deadline: .none
        ) { partition, _ in
            ran.withLock { $0.append(partition.key) }
            return PartitionOutcome(records: 1)
        }
        #expect(ran.withLock { $0 } == [keys[1]])
        let report = outcome.report(message: "done")
        #expect(report.succeeded == [keys[1]])
        #expect(report.skipped == [keys[0], keys[2]])
        #expect(report.statusCode == 200)
    }

    @Test("events: planned, each partition started and finished, stopped; metrics from the same events")
    func events() async throws {
        let seen = Mutex<[RunEvent]>([])
        _ = try await runner(events: { event in seen.withLock { $0.append(event) } }).run(
            JobFixtures.definition(2), mode: .failed, deadline: .none, work: succeed)
        let events = seen.withLock { $0 }
        #expect(events.first == .planned(jobID: "job-1", total: 2, toRun: 2))
        #expect(events.filter { if case .partitionStarted = $0 { true } else { false } }.count == 2)
        #expect(events.filter { if case .partitionFinished = $0 { true } else { false } }.count == 2)
        #expect(events.last == .stopped(jobID: "job-1", stop: .finished(.completed)))
        #expect(capture.lines.count == 2 && capture.lines.allSatisfy { $0.contains("PartitionsSucceeded") })
    }

    @Test("the report lists failures with errors, extends with handler fields, and is 207 when asked")
    func report() async throws {
        let keys = JobFixtures.keys(2)
        let outcome = try await runner().run(
            JobFixtures.definition(2, maxAttempts: 1), mode: .failed, deadline: .none
        ) { partition, _ in
            if partition.key == keys[1] { throw BackfillCoreError(.storeFailure, "boom password=hunter2") }
            return PartitionOutcome(records: 1)
        }
        var report = outcome.report(message: "backfill_complete")
        report.fields["mode"] = "backfill"
        #expect(report.statusCode == 207)
        let body = report.body
        #expect(body["failed"]?.arrayValue?.first?["period"] == .string(keys[1]))
        #expect(body["failed"]?.arrayValue?.first?["error"]?.stringValue?.contains("hunter2") == false)
        #expect(body["mode"] == "backfill" && body["job_id"] == "job-1")
        var clean = BackfillReport(message: "ok", succeeded: ["a"])
        #expect(clean.statusCode == 200)
        clean.isMultiStatus = true
        #expect(clean.statusCode == 207)
    }

    @Test("the progress renderer draws the plan and each finished partition")
    func renderer() async throws {
        let text = Mutex("")
        let renderer = ProgressRenderer(isTerminal: false, time: clock) { line in text.withLock { $0 += line } }
        _ = try await runner(events: renderer.handle).run(
            JobFixtures.definition(3), mode: .failed, deadline: .none, work: succeed)
        let output = text.withLock { $0 }
        #expect(output.hasPrefix("3 of 3 partitions to process\n"))
        #expect(output.contains("partitions: 3/3 (100%)"))
    }

    @Test("the heartbeat waits on the injected clock when no tick is given")
    func heartbeatOnInjectedClock() async throws {
        let configuration = RunnerConfiguration(owner: "w", heartbeatInterval: .seconds(7))
        let yielding = YieldingTimeSource()
        let started = Mutex(false)
        let done = Mutex(false)
        let runner = JobRunner(store: store, time: yielding, configuration: configuration, logger: capture.logger)
        let task = Task {
            try await runner.run(JobFixtures.definition(1), mode: .failed, deadline: .none) { _, _ in
                started.withLock { $0 = true }
                while !done.withLock({ $0 }) { await Task.yield() }
                return PartitionOutcome(records: 1)
            }
        }
        #expect(await JobFixtures.eventually { started.withLock { $0 } && yielding.sleepCount > 2 })
        done.withLock { $0 = true }
        _ = try await task.value
    }
}

extension RunEntryPointTests {
    @Test("a partition that splits itself is skipped with the reason, and its halves run in the same run")
    func split() async throws {
        let ran = Mutex<[String]>([])
        let outcome = try await runner().run(JobFixtures.definition(1), mode: .failed, deadline: .none) {
            partition, _ in
            ran.withLock { $0.append(partition.key) }
            if partition.key == JobFixtures.keys(1)[0] { return .split(into: ["a-half", "b-half"]) }
            return PartitionOutcome(records: 2)
        }
        #expect(ran.withLock { $0 } == [JobFixtures.keys(1)[0], "a-half", "b-half"])
        let job = outcome.summary.job
        #expect(job.partitions.map(\.key) == [JobFixtures.keys(1)[0], "a-half", "b-half"])
        #expect(job.partitions[0].status == .skipped && job.partitions[0].lastError == "split into a-half, b-half")
        #expect(job.status == .completed && job.totals.records == 4)
        #expect(outcome.report(message: "").succeeded == ["a-half", "b-half"])
    }
}
