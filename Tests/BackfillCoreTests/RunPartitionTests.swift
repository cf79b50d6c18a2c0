import BackfillCore
import BackfillTesting
import Testing
import Timekeeping

/// `JobRunner.runPartition`: one named partition (a Step Functions Map item) run as `run` runs each partition.
@Suite("Job runner: one named partition")
struct RunPartitionTests {
    struct WorkFailure: Error, CustomStringConvertible {
        var description: String { "the source answered 500" }
    }

    let store = InMemoryJobStore()
    let clock = ManualTimeSource()
    let capture = LogCapture()

    /// Creates `job-1` with `count` partitions; returns their keys.
    func job(_ count: Int) async throws -> [String] {
        _ = try await store.createJob(JobFixtures.definition(count), now: clock.now)
        return JobFixtures.keys(count)
    }

    func runner(tick: @escaping @Sendable () async throws -> Void = JobFixtures.neverTick) -> JobRunner {
        JobRunner(
            store: store, time: clock, configuration: JobFixtures.configuration(tick: tick), logger: capture.logger)
    }

    @Test("claims that partition only, keeps its lease through long work with the heartbeat, records the result")
    func longWork() async throws {
        let keys = try await job(3)
        let store = self.store
        let clock = self.clock
        // 130 s of work under a 60 s lease renewed 10 s before it lapses: renewals at 50 s and 100 s.
        let report = try await runner(tick: { await Task.yield() }).runPartition(
            jobID: "job-1", partition: keys[1], deadline: .none
        ) { partition, _ in
            #expect(partition.key == keys[1])
            for target in [1, 2] {
                clock.advance(by: .seconds(50))
                let renewed = await JobFixtures.eventually { store.writes.renew == target }
                #expect(renewed, "renewal \(target) while the work runs")
            }
            clock.advance(by: .seconds(30))
            return PartitionOutcome(records: 7)
        }
        let attempt = try #require(report)
        #expect(attempt.renewals == 2)
        #expect(attempt.result?.records == 7)
        let job = try #require(try await store.job(id: "job-1"))
        #expect(job.partition(keys[1])?.status == .succeeded)
        #expect(job.partition(keys[0])?.status == .pending && job.partition(keys[2])?.status == .pending)
    }

    @Test("a partition held by a live lease, or already done, is not claimed and its work does not run")
    func notClaimable() async throws {
        let keys = try await job(2)
        _ = try await store.claim(
            jobID: "job-1", partition: keys[0], owner: "other", leaseDuration: .seconds(60), now: clock.now)
        let effects = SideEffects()
        let work: PartitionWork = { partition, _ in
            effects.record(partition.key)
            return PartitionOutcome(records: 1)
        }
        #expect(try await runner().runPartition(jobID: "job-1", partition: keys[0], deadline: .none, work: work) == nil)
        #expect(try await runner().runPartition(jobID: "job-1", partition: keys[1], deadline: .none, work: work) != nil)
        #expect(try await runner().runPartition(jobID: "job-1", partition: keys[1], deadline: .none, work: work) == nil)
        #expect(effects.all == [keys[1]: 1])
    }

    @Test("a failing attempt is recorded failed with its error, and the partition stays claimable")
    func failure() async throws {
        let keys = try await job(1)
        let report = try await runner().runPartition(jobID: "job-1", partition: keys[0], deadline: .none) { _, _ in
            throw WorkFailure()
        }
        guard case .failed(let error, _) = try #require(report?.result) else {
            Issue.record("expected a failed result, got \(String(describing: report))")
            return
        }
        #expect(error.contains("the source answered 500"))
        let state = try #require(try await store.job(id: "job-1")?.partition(keys[0]))
        #expect(state.status == .failed && state.attempts == 1)
    }

    @Test("when the lease lapses and another worker takes the partition, the result is not recorded")
    func leaseLost() async throws {
        let keys = try await job(1)
        let store = self.store
        let clock = self.clock
        let report = try await runner().runPartition(jobID: "job-1", partition: keys[0], deadline: .none) { _, _ in
            clock.advance(by: .seconds(61))
            _ = try await store.claim(
                jobID: "job-1", partition: keys[0], owner: "other", leaseDuration: .seconds(60), now: clock.now)
            return PartitionOutcome(records: 1)
        }
        #expect(report != nil && report?.result == nil)
        let state = try #require(try await store.job(id: "job-1")?.partition(keys[0]))
        #expect(state.status == .running && state.lease?.owner == "other")
    }
}
