public import JSON
public import Timekeeping

/// Renders jobs for `backfill status`: pure functions of the records, so the CLI only fetches and prints.
public enum JobStatusView {
    /// Partitions per grid row.
    public static let gridWidth = 50

    /// A table of recent jobs.
    public static func list(_ jobs: [JobSummary]) -> String {
        guard !jobs.isEmpty else { return "no jobs\n" }
        var rows = [["JOB ID", "HANDLER", "STATUS", "DONE", "FAILED", "UPDATED"]]
        for job in jobs {
            let done = job.totals.succeeded + job.totals.skipped + job.totals.failed
            rows.append([
                job.jobID, job.handler, job.status.rawValue, "\(done)/\(job.totals.total)", "\(job.totals.failed)",
                job.updatedAt.civil.iso8601(),
            ])
        }
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    /// One job: status, counts, throughput and ETA, a grid of partitions (coloured on a terminal, letters
    /// otherwise), and the failed partitions' errors.
    public static func detail(_ job: JobRecord, now: Timestamp, color: Bool) -> String {
        let totals = job.totals
        var lines = ["job      \(job.jobID)", "handler  \(job.handler)  →  \(job.destination)"]
        lines.append("status   \(job.status.rawValue)" + (job.statusReason.map { " (\($0))" } ?? ""))
        lines.append(
            "counts   \(totals.succeeded) succeeded, \(totals.failed) failed, \(totals.skipped) skipped, "
                + "\(totals.running) running, \(totals.pending) pending of \(totals.total); \(totals.records) records"
        )
        let rate = throughput(job)
        if let rate {
            let perMinute = (rate * 600).rounded() / 10
            var line = "rate     \(perMinute) partitions/min"
            if let eta = eta(job, rate: rate) { line += ", ETA \(format(eta))" }
            lines.append(line)
        }
        lines.append("")
        for start in stride(from: 0, to: job.partitions.count, by: gridWidth) {
            let row = job.partitions[start..<min(start + gridWidth, job.partitions.count)]
            let cells = row.map { cell($0.status, color: color) }.joined()
            lines.append(pad(row.first?.key ?? "", to: 22) + " " + cells)
        }
        lines.append("")
        lines.append(legend(color: color))
        let failures = job.partitions.filter { $0.status == .failed }
        for failure in failures.prefix(10) {
            lines.append("  \(failure.key)  attempts \(failure.attempts)  \(failure.lastError ?? "")")
        }
        if failures.count > 10 { lines.append("  … \(failures.count - 10) more failed") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Settled partitions per second between the job's creation and its latest partition update, or nil.
    public static func throughput(_ job: JobRecord) -> Double? {
        let settled = job.partitions.filter { $0.status == .succeeded || $0.status == .failed || $0.status == .skipped }
        guard !settled.isEmpty, let last = settled.compactMap(\.updatedAt).max() else { return nil }
        let elapsed = (last - job.createdAt).seconds
        return elapsed > 0 ? Double(settled.count) / elapsed : nil
    }

    /// Time to settle the remaining partitions at `rate`, or nil when the job is not active.
    public static func eta(_ job: JobRecord, rate: Double) -> Duration? {
        guard job.status.acceptsClaims, rate > 0 else { return nil }
        let remaining = job.partitions.filter { !$0.isSettled(maxAttempts: job.maxAttempts) }.count
        return .milliseconds(Int64((Double(remaining) / rate * 1000).rounded()))
    }

    /// `1h02m`, `3m05s`, `42s`.
    public static func format(_ duration: Duration) -> String {
        let seconds = Int(duration.seconds.rounded())
        if seconds >= 3600 { return "\(seconds / 3600)h" + twoDigits(seconds / 60 % 60) + "m" }
        if seconds >= 60 { return "\(seconds / 60)m" + twoDigits(seconds % 60) + "s" }
        return "\(seconds)s"
    }

    /// The job as JSON (`--json`): fields as stored, partitions in order.
    public static func json(_ job: JobRecord) -> JSONValue {
        let totals = job.totals
        return .object([
            "job_id": .string(job.jobID),
            "handler": .string(job.handler),
            "destination": .string(job.destination),
            "tenant_id": job.tenantID.map(JSONValue.string) ?? .null,
            "status": .string(job.status.rawValue),
            "status_reason": job.statusReason.map(JSONValue.string) ?? .null,
            "created_at": .string(job.createdAt.iso8601),
            "updated_at": .string(job.updatedAt.iso8601),
            "totals": [
                "pending": .int(Int64(totals.pending)), "running": .int(Int64(totals.running)),
                "succeeded": .int(Int64(totals.succeeded)), "failed": .int(Int64(totals.failed)),
                "skipped": .int(Int64(totals.skipped)), "records": .int(totals.records),
            ],
            "partitions": .array(
                job.partitions.map { state in
                    var object: JSONObject = [
                        "key": .string(state.key), "status": .string(state.status.rawValue),
                        "attempts": .int(Int64(state.attempts)), "records": .int(state.records),
                    ]
                    if let error = state.lastError { object["error"] = .string(error) }
                    return .object(object)
                }
            ),
        ])
    }

    static func cell(_ status: PartitionStatus, color: Bool) -> String {
        guard color else { return String(status.letter) }
        let code =
            switch status {
            case .pending: "2"
            case .running: "33"
            case .succeeded: "32"
            case .failed: "31"
            case .skipped: "90"
            }
        return "\u{1B}[\(code)m" + (status == .pending ? "·" : "■") + "\u{1B}[0m"
    }

    static func legend(color: Bool) -> String {
        PartitionStatus.allCases.map { cell($0, color: color) + " " + $0.rawValue }.joined(separator: "  ")
    }

    static func pad(_ text: String, to width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
