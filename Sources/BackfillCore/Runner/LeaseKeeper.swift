import Synchronization
import Timekeeping

/// Keeps one partition's lease alive: renews it once it is within `renewalLead` of expiring, whether asked by the
/// work (`checkIn`) or by the runner's heartbeat ticks. A partition that finishes within one lease period costs no
/// renewal; longer work costs about one renewal per lease period.
final class LeaseKeeper: Sendable {
    private enum Step {
        case notDue
        case renew
        case lost
    }

    let store: any JobStore
    let jobID: String
    let partition: String
    let owner: String
    let attempt: Int
    let leaseDuration: Duration
    let renewalLead: Duration
    let time: any TimeSource
    private let state: Mutex<(expiresAt: Timestamp, renewing: Bool, lost: Bool, renewals: Int)>

    init(
        store: any JobStore,
        jobID: String,
        claimed: PartitionState,
        owner: String,
        leaseDuration: Duration,
        renewalLead: Duration,
        time: any TimeSource
    ) {
        self.store = store
        self.jobID = jobID
        self.partition = claimed.key
        self.owner = owner
        self.attempt = claimed.attempts
        self.leaseDuration = leaseDuration
        self.renewalLead = renewalLead
        self.time = time
        let expiresAt = claimed.lease?.expiresAt ?? time.now + leaseDuration
        state = Mutex((expiresAt: expiresAt, renewing: false, lost: false, renewals: 0))
    }

    /// Renewals written so far.
    var renewals: Int { state.withLock { $0.renewals } }

    /// Whether another worker took the partition over.
    var isLost: Bool { state.withLock { $0.lost } }

    /// Renews when due; throws `conflict` once the lease is lost.
    func renewIfDue() async throws {
        let now = time.now
        let step: Step = state.withLock { state in
            if state.lost { return .lost }
            if state.renewing || now < state.expiresAt - renewalLead { return .notDue }
            state.renewing = true
            return .renew
        }
        switch step {
        case .notDue: return
        case .lost: throw lostError
        case .renew: break
        }
        let renewed: Bool
        do {
            renewed = try await store.renew(
                jobID: jobID,
                partition: partition,
                owner: owner,
                attempt: attempt,
                leaseDuration: leaseDuration,
                now: now
            )
        } catch {
            state.withLock { $0.renewing = false }
            throw error
        }
        state.withLock { state in
            state.renewing = false
            if renewed {
                state.expiresAt = now + leaseDuration
                state.renewals += 1
            } else {
                state.lost = true
            }
        }
        if !renewed { throw lostError }
    }

    private var lostError: BackfillCoreError {
        BackfillCoreError(
            .conflict,
            "lease lost: another worker took the partition over",
            context: ["job": jobID, "partition": partition]
        )
    }
}
