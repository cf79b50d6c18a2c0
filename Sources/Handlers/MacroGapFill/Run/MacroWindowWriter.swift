import BackfillCore
import FREDConnector
import Logging
import Redaction
import Timekeeping

/// The work for one tracker partition, one ``FillPlan/Fetch``: fetch the series over the window (one paced call
/// in the usual case), resolve the fields it serves for each date of the window, and write them with UpdateItem
/// `SET` of those fields only (plus `filled_at`, `source`, and `unavailable` entries for values the source lacks).
/// Dates are written a few at a time; the lease is checked between groups.
struct MacroSeriesWriter: Sendable {
    /// Writes in flight per partition.
    static let writesInFlight = 8

    let source: any MacroSeriesSource
    let table: any MacroTable
    let resolver: ObservationResolver
    let time: any TimeSource
    let tally: FillTally

    /// Fills `dates` (the plan's dates `fetch` serves) from `fetch`'s series.
    func fill(_ fetch: FillPlan.Fetch, dates: [CivilDate], context: PartitionContext) async throws -> PartitionOutcome {
        let fetched: FetchedSeries
        do {
            fetched = try await source.observations(seriesID: fetch.seriesID, start: fetch.start, end: fetch.end)
        } catch {
            let text = SecretRedactor.errors.redact("FRED \(fetch.seriesID) \(fetch.key): \(error)", limit: 600)
            throw MacroGapFillError(.source, text, context: ["series": fetch.seriesID])
        }
        tally.fetched(calls: fetched.calls, throttles: fetched.throttles)
        try await context.checkIn()
        let series = [fetch.seriesID: fetched.series]
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
            "series window written",
            metadata: [
                "series": "\(fetch.seriesID)", "window": "\(fetch.key)", "dates": "\(updates.count)",
                "calls": "\(fetched.calls)", "observations": "\(fetched.series.observations.count)",
            ])
        return PartitionOutcome(records: Int64(updates.count), throttles: fetched.throttles)
    }
}
