import BackfillCore
import JSON
import LambdaRuntime
import MacroGapFill
import Timekeeping

#if canImport(Glibc)
    import Glibc
#endif

/// What `backfill macro` shows on stderr (the summary block, scan progress, the closing block) and writes to
/// files; stdout carries the result JSON alone.
enum MacroCommandOutput {
    static let rule = String(repeating: "=", count: 60)

    /// One line on stderr.
    static func line(_ text: String) { StandardErrorSink().write(line: text) }

    /// Items read while scanning, on one line redrawn in place on a terminal.
    static func scanProgress() -> (@Sendable (Int) -> Void)? {
        guard isatty(STDERR_FILENO) != 0 else { return nil }
        return { items in
            let text = "\rScanning the macro table… \(items) items"
            _ = Array(text.utf8).withUnsafeBytes { Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count) }
        }
    }

    /// The old script's summary block, with the items on closed days and unavailable values on their own lines.
    static func summary(_ report: MacroScanReport) {
        let result = report.result
        var lines = [
            "", rule, "SCAN SUMMARY", rule,
            "Date range: \(report.range.lowerBound.iso8601) to \(report.range.upperBound.iso8601)",
            "Total trading days in range: \(result.expectedDays)",
            "Existing records on those days: \(result.existingItems)",
            "Missing dates: \(result.missing.count)",
            "Incomplete dates: \(result.incomplete.count)",
            "Total dates to backfill: \(result.gaps.count)",
            "Items on closed days (not gaps): \(result.closedDayItems.count)",
            "Unavailable at the source (not gaps): \(result.unavailable.count)",
            "Scan: \(report.table.pages) pages, \(report.table.segments) segments",
        ]
        if !result.gaps.isEmpty {
            lines.append("First \(min(20, result.gaps.count)) dates to backfill:")
            lines += result.gaps.prefix(20).map { "  \($0.date.iso8601) (\($0.kind.rawValue))" }
        }
        lines.append(rule)
        for text in lines { line(text) }
    }

    /// The closing block: processed, successful, failed, success rate, FRED calls and calls per date.
    static func closing(_ result: JSONValue, dates: [CivilDate]) {
        let body = result["body"] ?? .null
        var failedDates = Set<CivilDate>()
        for failure in body["failed"]?.arrayValue ?? [] {
            let partition = Partition.parse(
                String((failure["period"]?.stringValue ?? "").split(separator: ":").last ?? ""))
            guard let first = partition.first, let last = partition.last else { continue }
            for date in dates where date >= first && date <= last { failedDates.insert(date) }
        }
        let processed = dates.count
        let successful = processed - failedDates.count
        let rate = processed == 0 ? 100 : Double(successful) * 100 / Double(processed)
        let calls = body["fred_calls"]?.intValue ?? 0
        let perDate = body["calls_per_date"]?.doubleValue ?? 0
        var lines = [
            "", rule, "BACKFILL COMPLETE", rule, "Processed: \(processed) dates", "Successful: \(successful)",
            "Failed: \(failedDates.count)", "Success rate: \(Double(Int(rate * 10)) / 10)%",
            "FRED calls made: \(calls)", "FRED calls per date: \(perDate)",
        ]
        if let rejected = body["rejected_keys"]?.arrayValue, !rejected.isEmpty {
            lines.append("Keys refused by FRED: \(rejected.compactMap(\.stringValue).joined(separator: ", "))")
        }
        if let job = body["job_id"]?.stringValue { lines.append("Job: \(job) (backfill status \(job))") }
        lines.append(rule)
        for text in lines { line(text) }
    }

    /// `--scan-only`'s result.
    static func scanJSON(_ report: MacroScanReport) -> JSONValue {
        let result = report.result
        return [
            "statusCode": 200,
            "body": [
                "message": "scan_complete", "start_date": .string(report.range.lowerBound.iso8601),
                "end_date": .string(report.range.upperBound.iso8601), "trading_days": .int(Int64(result.expectedDays)),
                "existing_records": .int(Int64(result.existingItems)), "missing": .int(Int64(result.missing.count)),
                "incomplete": .int(Int64(result.incomplete.count)), "total_to_backfill": .int(Int64(result.gaps.count)),
                "unavailable": .int(Int64(result.unavailable.count)),
                "closed_day_items": .int(Int64(result.closedDayItems.count)),
                "pages": .int(Int64(report.table.pages)), "segments": .int(Int64(report.table.segments)),
            ],
        ]
    }

    /// Writes `text` to `path` (replacing it).
    static func write(_ text: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw CLIFileError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw CLIFileError(path: path, reason: "short write") }
    }
}

/// A file the CLI could not write.
struct CLIFileError: Error, CustomStringConvertible {
    var path: String
    var reason: String
    var description: String { "cannot write \(path): \(reason)" }
}
