import JSON
import Timekeeping

/// Who triggers a table's canonical transform when several invocations see the table complete at once (local
/// workers finishing together, a Finalize step retried while the first attempt still runs): the first to claim
/// it with one conditional write in the jobs table, through the job's pin-once store (item
/// `{job}#schema#finalize:{table}`). The summary object alone cannot decide it: two finalizers can both read it
/// before either rewrites it.
///
/// A claimer that dies between its claim and the invoke would leave the table untriggered forever, so a claim
/// older than ``abandonedAfter`` whose table the summary still shows untriggered is taken over: at most one
/// trigger while claimers live, at least one in the end.
struct TableFinalizationClaim: Sendable {
    /// The job's pin-once store; nil (in-memory runs of one process) lets every finalizer trigger.
    let store: (any TenantSchemaStore)?
    let now: Timestamp
    /// How old an unfulfilled claim must be before another finalizer takes it over.
    static let abandonedAfter = Duration.seconds(600)

    /// The name a table's claim is pinned under.
    static func name(table: String) -> String { "finalize:" + table }

    /// Whether this finalizer may trigger `table` of `jobID` now.
    func acquire(jobID: String, table: String) async throws -> Bool {
        guard let store else { return true }
        let token = "\(now.millisecondsSince1970)-\(UInt64.random(in: 1...UInt64.max))"
        let claim: JSONValue = ["token": .string(token), "at": .int(now.millisecondsSince1970)]
        let held = try await store.pin(jobID: jobID, table: Self.name(table: table), schema: claim)
        if held["token"] == claim["token"] { return true }
        guard let at = held["at"]?.intValue else { return false }
        return now - Timestamp(millisecondsSince1970: at) > Self.abandonedAfter
    }
}
