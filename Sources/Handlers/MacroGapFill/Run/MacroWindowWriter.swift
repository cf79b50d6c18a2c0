import BackfillCore
import FREDConnector
import Logging
import Redaction
import Timekeeping

/// The work for one tracker partition, one window of dates: fetch every series of the window (one paced call
/// each in the usual case, concurrently through the shared key ring), resolve each date's fields, and write each
/// date once with UpdateItem `SET` of the fetched fields only (plus `filled_at`, `source`, and `unavailable`
/// entries for values the source lacks). Dates are written a few at a time; the lease is checked between groups.
struct MacroWindowWriter: Sendable {
    /// Writes in flight per partition.
    static let writesInFlight = 8

    let source: any MacroSeriesSource
    let table: any MacroTable
    let resolver: ObservationResolver
    let time: any TimeSource
    let tally: FillTally

    /// Fills `dates` (the plan's dates the window serves) from `fetches` (the window's series).
    func fill(_ fetches: [FillPlan.Fetch], dates: [CivilDate], context: PartitionContext) async throws
        -> PartitionOutcome
    {
        let source = self.source
        let fetched = try await withThrowingTaskGroup(of: FetchedSeries.self) { tasks in
            for fetch in fetches {
                tasks.addTask {
                    do {
                        return try await source.observations(
                            seriesID: fetch.seriesID, start: fetch.start, end: fetch.end)
                    } catch {
                        let text = SecretRedactor.errors.redact("FRED \(fetch.key): \(error)", limit: 600)
                        throw MacroGapFillError(.source, text, context: ["series": fetch.seriesID])
                    }
                }
            }
            var all: [FetchedSeries] = []
            for try await one in tasks { all.append(one) }
            return all
        }
        let calls = fetched.reduce(0) { $0 + $1.calls }
        let throttles = fetched.reduce(0) { $0 + $1.throttles }
        tally.fetched(calls: calls, throttles: throttles)
        try await context.checkIn()
        let series = ObservationResolver.merge(fetched.map(\.series))
        let filledAt = time.now
        var updates: [MacroItemUpdate] = []
        for date in dates {
            let resolved = resolver.resolve(date, series: series)
            guard !resolved.values.isEmpty || !resolved.unavailable.isEmpty else { continue }
            updates.append(MacroItemUpdate(resolved, filledAt: filledAt))
        }
        var index = 0
        while index < updates.count {
            let group = updates[index..<min(index + Self.writesInFlight, updates.count)]
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                for update in group {
                    tasks.addTask { try await table.write(update) }
                }
                try await tasks.waitForAll()
            }
            for update in group { tally.wrote(update) }
            index += group.count
            try await context.checkIn()
        }
        context.logger.info(
            "window written",
            metadata: [
                "series": "\(fetches.map(\.seriesID).joined(separator: ","))", "dates": "\(updates.count)",
                "calls": "\(calls)", "throttles": "\(throttles)",
            ])
        return PartitionOutcome(records: Int64(updates.count), throttles: throttles)
    }
}
