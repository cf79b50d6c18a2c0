/// Which backfills hold a slot and which wait, as the initiator stores them (one item of the jobs table): at
/// most `max` running in total and one per tenant + service; queued jobs start oldest first. Every change is
/// a pure function of this value, written back with a conditional write (``InitiatorSlotStore``).
public struct InitiatorSlots: Sendable, Hashable {
    /// A job holding a slot.
    public struct Running: Sendable, Hashable {
        public var jobID: String
        /// `{tenant}:{service}`.
        public var serviceKey: String
        /// Milliseconds since 1970.
        public var startedAt: Int64
    }

    /// A job waiting for a slot, with the execution input to start it with.
    public struct Queued: Sendable, Hashable {
        public var jobID: String
        public var serviceKey: String
        public var queuedAt: Int64
        public var input: String
    }

    /// What admitting a job decided.
    public enum Admission: Sendable, Hashable {
        /// A slot was taken: start the execution.
        case start
        /// No slot: queued (the reason says which limit).
        case queued(reason: String)
        /// The job already holds a slot (start again: the execution name makes it the same execution).
        case alreadyRunning
        /// The job is already waiting.
        case alreadyQueued
    }

    public var running: [Running] = []
    public var queued: [Queued] = []

    public init() {}

    /// Takes a slot for `jobID` when the cap and its tenant + service allow, else queues it.
    public mutating func admit(
        jobID: String, serviceKey: String, input: String, now: Int64, max: Int
    ) -> Admission {
        if running.contains(where: { $0.jobID == jobID }) { return .alreadyRunning }
        if queued.contains(where: { $0.jobID == jobID }) { return .alreadyQueued }
        if let reason = blocker(serviceKey: serviceKey, max: max) {
            queued.append(Queued(jobID: jobID, serviceKey: serviceKey, queuedAt: now, input: input))
            return .queued(reason: reason)
        }
        running.append(Running(jobID: jobID, serviceKey: serviceKey, startedAt: now))
        return .start
    }

    /// Frees `jobID`'s slot (or drops it from the queue); false when it held none.
    public mutating func release(_ jobID: String) -> Bool {
        let before = running.count + queued.count
        running.removeAll { $0.jobID == jobID }
        queued.removeAll { $0.jobID == jobID }
        return running.count + queued.count < before
    }

    /// Puts `job` back in the queue after its start failed (its slot freed), keeping its age: it stays first in
    /// line for the next start instead of leaving the queue.
    public mutating func requeue(_ job: Queued) {
        running.removeAll { $0.jobID == job.jobID }
        if !queued.contains(where: { $0.jobID == job.jobID }) { queued.append(job) }
    }

    /// Moves the queued jobs that may start now into `running`, oldest first, one per tenant + service.
    public mutating func takeStartable(now: Int64, max: Int) -> [Queued] {
        var started: [Queued] = []
        for job in queued.sorted(by: { ($0.queuedAt, $0.jobID) < ($1.queuedAt, $1.jobID) })
        where blocker(serviceKey: job.serviceKey, max: max) == nil {
            running.append(Running(jobID: job.jobID, serviceKey: job.serviceKey, startedAt: now))
            started.append(job)
        }
        let ids = Set(started.map(\.jobID))
        queued.removeAll { ids.contains($0.jobID) }
        return started
    }

    /// Why a job of `serviceKey` cannot start now, or nil.
    func blocker(serviceKey: String, max: Int) -> String? {
        if running.contains(where: { $0.serviceKey == serviceKey }) {
            return "a backfill of \(serviceKey) is already running"
        }
        if running.count >= max { return "\(running.count) backfills running (MAX_CONCURRENT_BACKFILLS \(max))" }
        return nil
    }
}
