import BackfillTesting
import JSON
import Synchronization
import TenantBackfill
import Testing
import Timekeeping

/// Two finalizers of one job at once (local workers finishing together, a Finalize retried while its first
/// attempt runs) trigger a table's canonical transform once: the summary object cannot decide it (both may read
/// it before either writes), the claim in the jobs table does. A claim left by a finalizer that died before
/// triggering is taken over once it is old.
@Suite("table finalization claimed once across concurrent finalizers")
struct TableFinalizationClaimTests {
    static let jobID = "backfill_t1_acme_20240101"
    static let summaryKey = "t1/backfill/backfill_t1_acme_20240101.json"

    /// A job whose two chunks are written, ready to finalize.
    static func finishedJob(time: ManualTimeSource) async throws -> (TenantHarness, RacingSchemaStore) {
        let store = RacingSchemaStore(staleReads: false)
        let harness = try await TenantMachineStepTests.harness(chunkDays: 10, schemas: store, time: time)
        _ = try await harness.run(TenantMachineStepTests.plan(start: "2024-01-01", end: "2024-01-21"))
        for partition in ["tickets|2024-01-01..2024-01-11", "tickets|2024-01-11..2024-01-21"] {
            _ = try await harness.run(["job_id": .string(jobID), "partition": .string(partition)])
        }
        #expect(harness.invoker.recorded.filter(\.async).isEmpty, "chunks alone trigger nothing")
        return (harness, store)
    }

    @Test("a second finalizer that read the summary before the first wrote it triggers nothing")
    func secondFinalizerDoesNotTrigger() async throws {
        let time = ManualTimeSource(now: TenantHarness.today.startTimestamp + .seconds(3600))
        let (harness, store) = try await Self.finishedJob(time: time)
        _ = try await harness.run(["finalize_job_id": .string(Self.jobID)])
        #expect(harness.invoker.recorded.filter(\.async).count == 1)
        // The race: the second finalizer saw no summary (it read before the first one's write landed).
        try await harness.objects.delete(Self.summaryKey)
        time.advance(by: .seconds(30))
        _ = try await harness.run(["finalize_job_id": .string(Self.jobID)])
        #expect(harness.invoker.recorded.filter(\.async).count == 1, "the claim held: one canonical trigger")
        #expect(store.pins.withLock { $0.keys.contains(Self.jobID + "|finalize:tickets") })
    }

    @Test("a claim whose finalizer died before triggering is taken over after ten minutes")
    func abandonedClaimIsTakenOver() async throws {
        let time = ManualTimeSource(now: TenantHarness.today.startTimestamp + .seconds(3600))
        let (harness, store) = try await Self.finishedJob(time: time)
        // A finalizer claimed the table, then died before invoking and before writing the summary.
        let claimedAt = time.now.millisecondsSince1970
        _ = try await store.pin(
            jobID: Self.jobID, table: "finalize:tickets", schema: ["token": "dead", "at": .int(claimedAt)])
        _ = try await harness.run(["finalize_job_id": .string(Self.jobID)])
        #expect(harness.invoker.recorded.filter(\.async).isEmpty, "a fresh claim of another finalizer is respected")
        time.advance(by: .seconds(601))
        let result = try await harness.run(["finalize_job_id": .string(Self.jobID)])
        #expect(harness.invoker.recorded.filter(\.async).count == 1, "\(result)")
    }
}
