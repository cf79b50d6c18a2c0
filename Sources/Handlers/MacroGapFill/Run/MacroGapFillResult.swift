import BackfillCore
import JSON
import Timekeeping

/// The invocation's answers: `{"statusCode", "body"}` with the counts a user of the old script looks for.
enum MacroGapFillResult {
    /// The dates listed in a result (the first ones; counts are always whole).
    static let listedDates = 2_000

    /// A scan: counts, the dates to backfill (sorted, both kinds), and where the file went.
    static func scan(_ report: MacroScanReport) -> JSONValue {
        var body = scanFields(report)
        body["message"] = "scan_complete"
        return ["statusCode": 200, "body": .object(body)]
    }

    /// The plan only (`dry_run`): no FRED call, no write.
    static func dryRun(_ plan: FillPlan, scan: MacroScanReport?, keys: Int, requestsPerMinute: Int) -> JSONValue {
        let duration = plan.minimumDuration(keys: keys, requestsPerMinute: requestsPerMinute)
        var body: JSONObject = [
            "message": "dry_run", "dry_run": true, "dates": .int(Int64(plan.dates.count)),
            "fred_calls": .int(Int64(plan.calls)), "calls_per_date": .double(rounded(plan.callsPerDate)),
            "fetches": .array(plan.fetches.map { .string($0.key) }),
            "keys": .int(Int64(keys)), "requests_per_minute_per_key": .int(Int64(requestsPerMinute)),
            "minimum_seconds": .double(rounded(Double(duration.wholeMilliseconds) / 1000)),
            "old_script_calls": .int(Int64(plan.dates.count * 8)),
            "date_list": .array(plan.dates.prefix(listedDates).map { .string($0.iso8601) }),
        ]
        if let scan { body["scan"] = .object(scanFields(scan)) }
        return ["statusCode": 200, "body": .object(body)]
    }

    /// A fill with nothing to do.
    static func nothingToFill(scan: MacroScanReport?) -> JSONValue {
        var body: JSONObject = ["message": "nothing_to_fill", "dates": 0, "fred_calls": 0, "calls_per_date": 0.0]
        if let scan { body["scan"] = .object(scanFields(scan)) }
        return ["statusCode": 200, "body": .object(body)]
    }

    /// A fill: the core report (200/207, succeeded/failed/skipped fetches, job id) with the dates, FRED calls,
    /// calls per date, calls per key (names only), refused keys and the unavailable values.
    static func fill(
        _ outcome: RunOutcome, plan: FillPlan, tally: FillTally.Figures, callsByKey: [String: Int],
        rejectedKeys: [String], scan: MacroScanReport?
    ) -> JSONValue {
        var report = outcome.report(message: "")
        report.message = message(
            complete: report.isComplete, failed: !report.failed.isEmpty, stop: outcome.summary.stop)
        let written = tally.writtenDates.count
        var unavailable = JSONObject()
        for (field, count) in tally.unavailable.sorted(by: { $0.key < $1.key }) {
            unavailable[field] = .int(Int64(count))
        }
        var keys = JSONObject()
        for (name, count) in callsByKey.sorted(by: { $0.key < $1.key }) { keys[name] = .int(Int64(count)) }
        report.fields["dates"] = .int(Int64(plan.dates.count))
        report.fields["dates_written"] = .int(Int64(written))
        report.fields["dates_with_unavailable"] = .int(Int64(tally.unavailableDates.count))
        report.fields["unavailable"] = .object(unavailable)
        report.fields["fred_calls"] = .int(Int64(tally.calls))
        report.fields["calls_per_date"] = .double(written == 0 ? 0 : rounded(Double(tally.calls) / Double(written)))
        report.fields["fred_calls_by_key"] = .object(keys)
        report.fields["throttles"] = .int(Int64(tally.throttles))
        report.fields["rejected_keys"] = .array(rejectedKeys.map(JSONValue.string))
        if !rejectedKeys.isEmpty { report.isMultiStatus = true }
        if let scan { report.fields["scan"] = .object(scanFields(scan)) }
        return report.json
    }

    static func message(complete: Bool, failed: Bool, stop: RunStop) -> String {
        guard !complete else { return failed ? "fill_partial" : "fill_complete" }
        switch stop {
        case .cancelled: return "fill_cancelled"
        case .paused: return "fill_paused"
        case .deadline, .finished: return "fill_incomplete"
        }
    }

    /// The scan's figures: range, trading days, existing records, missing, incomplete, total, unavailable,
    /// items on closed days, pages and segments, the dates and the file's location.
    static func scanFields(_ report: MacroScanReport) -> JSONObject {
        let result = report.result
        var fields: JSONObject = [
            "start_date": .string(report.range.lowerBound.iso8601),
            "end_date": .string(report.range.upperBound.iso8601),
            "trading_days": .int(Int64(result.expectedDays)), "existing_records": .int(Int64(result.existingItems)),
            "missing": .int(Int64(result.missing.count)), "incomplete": .int(Int64(result.incomplete.count)),
            "total_to_backfill": .int(Int64(result.gaps.count)), "unavailable": .int(Int64(result.unavailable.count)),
            "closed_day_items": .int(Int64(result.closedDayItems.count)),
            "malformed_items": .int(Int64(report.table.malformedCount)),
            "pages": .int(Int64(report.table.pages)), "segments": .int(Int64(report.table.segments)),
            "gaps": .array(
                result.gaps.prefix(listedDates).map {
                    .object(["date": .string($0.date.iso8601), "kind": .string($0.kind.rawValue)])
                }),
        ]
        if let key = report.fileKey { fields["file"] = .string(key) }
        return fields
    }

    static func rounded(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
}
