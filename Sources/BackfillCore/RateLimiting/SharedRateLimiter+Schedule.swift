/// How a claim picks slots from the stored schedule: a pure function of the stored state, so the bound holds
/// whatever the workers do. Slots are points of one grid (multiples of the interval since 1970), each handed out
/// at most once, so any two granted slots are at least one interval apart in total across every worker.
///
/// A worker takes every `stride`-th free point: a worker that needs longer than an interval per request (the
/// source's latency) gets slots it can actually use, and leaves the points between them `open` for the others,
/// instead of claiming consecutive slots and dropping most of them (which cost a write per few requests).
struct SharedSlotSchedule {
    /// The gap between two grid points, in milliseconds.
    let interval: Int64
    /// The most open points kept in the stored state (the rest expire: taken, unused).
    var maxOpen = 128

    /// Up to `batch` slots at or after `now` (and after any pause), at least `stride` intervals apart, and the
    /// state that records them taken.
    func claim(
        from stored: SharedLimitState?, now: Int64, batch: Int, stride: Int
    ) -> (slots: [Int64], next: SharedLimitState) {
        let base = stored ?? SharedLimitState(nextSlot: 0, version: 0)
        let lower = align(max(now, base.pausedUntil))
        let gap = interval * Int64(max(1, stride))
        var slots: [Int64] = []
        var open = base.open.filter { $0 >= lower }
        for point in open where slots.count < batch && point >= (slots.last.map { $0 + gap } ?? lower) {
            slots.append(point)
        }
        let freshStart = align(max(base.nextSlot, lower))
        var nextSlot = base.nextSlot
        if slots.count < batch {
            var point = max(freshStart, slots.last.map { align($0 + gap) } ?? freshStart)
            var fresh: [Int64] = []
            while slots.count + fresh.count < batch {
                fresh.append(point)
                point += gap
            }
            nextSlot = fresh.last! + interval
            let taken = Set(fresh)
            open += Swift.stride(from: freshStart, to: nextSlot, by: Int(interval)).filter { !taken.contains($0) }
            slots += fresh
        }
        let used = Set(slots)
        open = Array(open.filter { !used.contains($0) }.sorted().prefix(maxOpen))
        let next = SharedLimitState(
            nextSlot: nextSlot, pausedUntil: base.pausedUntil, version: base.version + 1, open: open)
        return (slots, next)
    }

    /// The first grid point at or after `time`.
    func align(_ time: Int64) -> Int64 {
        let remainder = time % interval
        return remainder == 0 ? time : time + interval - remainder
    }

    /// How many intervals apart a worker's slots should be, given the time it spends between two requests
    /// (`pace`, milliseconds): the next grid point after its pace, at most 8.
    func spacing(forPace pace: Int64) -> Int { Int(min(8, max(0, pace) / interval + 1)) }
}
