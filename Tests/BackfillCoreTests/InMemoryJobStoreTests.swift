import BackfillCore
import BackfillTesting
import Testing
import Timekeeping

@Suite("In-memory job store: conditional claims, leases and completion")
struct InMemoryJobStoreTests {
    let store = InMemoryJobStore()
    let t0 = Timestamp(millisecondsSince1970: 1_763_712_000_000)
    let lease = Duration.seconds(60)

    @Test("creating the same job twice joins the first")
    func createJoins() async throws {
        let first = try await store.createJob(JobFixtures.definition(3), now: t0)
        let second = try await store.createJob(JobFixtures.definition(5), now: t0 + .seconds(1))
        #expect(first.created && !second.created)
        #expect(second.record.partitions.count == 3)
        #expect(second.record.totals.pending == 3)
    }

    @Test("a held partition cannot be claimed until its lease lapses")
    func claimIsExclusive() async throws {
        _ = try await store.createJob(JobFixtures.definition(1), now: t0)
        let key = JobFixtures.keys(1)[0]
        let first = try await store.claim(jobID: "job-1", partition: key, owner: "a", leaseDuration: lease, now: t0)
        guard case .claimed(let state) = first else { Issue.record("not claimed"); return }
        #expect(state.attempts == 1 && state.lease == Lease(owner: "a", expiresAt: t0 + lease))
        let early = try await store.claim(
            jobID: "job-1", partition: key, owner: "b", leaseDuration: lease, now: t0 + .seconds(59))
        guard case .unavailable(let current, _) = early else { Issue.record("claimed twice"); return }
        #expect(current.lease?.owner == "a")
        let late = try await store.claim(
            jobID: "job-1", partition: key, owner: "b", leaseDuration: lease, now: t0 + .seconds(60))
        guard case .claimed(let takenOver) = late else { Issue.record("no takeover"); return }
        #expect(takenOver.attempts == 2 && takenOver.lease?.owner == "b")
        let job = try #require(try await store.job(id: "job-1"))
        #expect(job.totals.running == 1 && job.totals.pending == 0 && job.status == .running)
    }

    @Test("only the current lease holder renews and completes")
    func completionNeedsTheLease() async throws {
        _ = try await store.createJob(JobFixtures.definition(1), now: t0)
        let key = JobFixtures.keys(1)[0]
        _ = try await store.claim(jobID: "job-1", partition: key, owner: "a", leaseDuration: lease, now: t0)
        #expect(
            try await store.renew(
                jobID: "job-1", partition: key, owner: "a", attempt: 1, leaseDuration: lease, now: t0 + .seconds(50)))
        // The renewal moved expiry to t0+110 s, so b cannot take over at t0+70 s.
        let blocked = try await store.claim(
            jobID: "job-1", partition: key, owner: "b", leaseDuration: lease, now: t0 + .seconds(70))
        #expect(!blocked.isClaimed)
        _ = try await store.claim(
            jobID: "job-1", partition: key, owner: "b", leaseDuration: lease, now: t0 + .seconds(111))
        #expect(
            !(try await store.renew(
                jobID: "job-1", partition: key, owner: "a", attempt: 1, leaseDuration: lease, now: t0 + .seconds(112))))
        let stale = try await store.complete(
            jobID: "job-1", partition: key, owner: "a", attempt: 1,
            result: .succeeded(records: 5, duration: .seconds(1)), now: t0 + .seconds(113)
        )
        #expect(!stale)
        let done = try await store.complete(
            jobID: "job-1", partition: key, owner: "b", attempt: 2,
            result: .succeeded(records: 7, duration: .seconds(2)), now: t0 + .seconds(114)
        )
        #expect(done)
        let job = try #require(try await store.job(id: "job-1"))
        #expect(
            job.partitions[0].status == .succeeded && job.partitions[0].records == 7 && job.partitions[0].lease == nil)
        #expect(job.totals.succeeded == 1 && job.totals.running == 0 && job.totals.records == 7)
    }

    @Test("failed partitions are claimable until attempts run out; a lost last attempt is recorded as failed")
    func attempts() async throws {
        _ = try await store.createJob(JobFixtures.definition(2, maxAttempts: 2), now: t0)
        let key = JobFixtures.keys(2)[0]
        for attempt in 1...2 {
            _ = try await store.claim(jobID: "job-1", partition: key, owner: "a", leaseDuration: lease, now: t0)
            _ = try await store.complete(
                jobID: "job-1", partition: key, owner: "a", attempt: attempt,
                result: .failed(error: "boom \(attempt)", duration: .seconds(1)), now: t0
            )
        }
        let exhausted = try await store.claim(jobID: "job-1", partition: key, owner: "a", leaseDuration: lease, now: t0)
        guard case .unavailable(let state, _) = exhausted else { Issue.record("claimed a third time"); return }
        #expect(state.attempts == 2 && state.lastError == "boom 2")

        let other = JobFixtures.keys(2)[1]
        _ = try await store.claim(jobID: "job-1", partition: other, owner: "a", leaseDuration: lease, now: t0)
        _ = try await store.claim(jobID: "job-1", partition: other, owner: "b", leaseDuration: lease, now: t0 + lease)
        let abandoned = try await store.claim(
            jobID: "job-1", partition: other, owner: "c", leaseDuration: lease, now: t0 + lease * 2)
        guard case .unavailable(let lost, _) = abandoned else { Issue.record("claimed a third time"); return }
        #expect(lost.status == .failed && lost.attempts == 2)
        let job = try #require(try await store.job(id: "job-1"))
        #expect(job.isSettled && job.settledStatus == .failed)
    }

    @Test("claims stop once the job is cancelled or paused")
    func statusGatesClaims() async throws {
        _ = try await store.createJob(JobFixtures.definition(2), now: t0)
        #expect(
            try await store.setStatus(
                jobID: "job-1", to: .cancelled, reason: "operator", from: [.pending, .running], requireIdle: false,
                expiresAt: nil, now: t0))
        let result = try await store.claim(
            jobID: "job-1", partition: JobFixtures.keys(2)[0], owner: "a", leaseDuration: lease, now: t0)
        #expect(result == .unavailable(PartitionState(key: JobFixtures.keys(2)[0]), jobStatus: .cancelled))
    }

    @Test("finishing requires an idle job; reopening resets partitions and clears the TTL")
    func finishAndReopen() async throws {
        _ = try await store.createJob(JobFixtures.definition(2), now: t0)
        let keys = JobFixtures.keys(2)
        #expect(
            !(try await store.setStatus(
                jobID: "job-1", to: .completed, reason: nil, from: [.pending, .running], requireIdle: true,
                expiresAt: t0, now: t0)))
        #expect(
            try await store.skip(jobID: "job-1", partitions: keys, reason: "exists at destination", now: t0) == keys)
        #expect(try await store.skip(jobID: "job-1", partitions: keys, reason: "again", now: t0).isEmpty)
        let ttl = t0 + .seconds(30 * 86_400)
        #expect(
            try await store.setStatus(
                jobID: "job-1", to: .completed, reason: nil, from: [.pending, .running], requireIdle: true,
                expiresAt: ttl, now: t0))
        #expect(try await store.job(id: "job-1")?.expiresAt == ttl)
        let reopened = try await store.reopen(jobID: "job-1", resetting: [keys[1]], now: t0)
        #expect(reopened.status == .pending && reopened.expiresAt == nil)
        #expect(reopened.partitions.map(\.status) == [.skipped, .pending])
        #expect(reopened.totals.skipped == 1 && reopened.totals.pending == 1)
    }

    @Test("unknown jobs and partitions are errors")
    func unknown() async throws {
        await #expect(throws: BackfillCoreError.self) {
            _ = try await store.claim(jobID: "nope", partition: "x", owner: "a", leaseDuration: lease, now: t0)
        }
        _ = try await store.createJob(JobFixtures.definition(1), now: t0)
        await #expect(throws: BackfillCoreError.self) {
            _ = try await store.claim(jobID: "job-1", partition: "x", owner: "a", leaseDuration: lease, now: t0)
        }
    }
}
