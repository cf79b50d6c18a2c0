import JSON
import Logging
import Timekeeping

/// The end of an aggregation: the rows of the covered days (zero rows in backfill mode), PutMetricData for the
/// days within CloudWatch's window only, the analytics table, and the result body.
struct AnalyticsPublisher: Sendable {
    let outputs: any AnalyticsOutputs
    let namespace: String
    let time: any TimeSource
    let logger: Logger
    var window = CloudWatchWindow()

    /// The rows `request` covers on `today`: yesterday's rows (incremental), or every (day, app) from the
    /// start date to yesterday with zero rows where an app of the export has nothing (backfill).
    static func rows(_ merged: PartialAggregate, request: AnalyticsRequest, today: CivilDate) -> [DailyMetrics] {
        guard let days = request.days(today: today) else { return [] }
        if case .backfill = request.mode { return merged.dailyMetrics(days: days) }
        return merged.dailyMetrics().filter { days.contains($0.date) }
    }

    func finish(
        _ merged: PartialAggregate, request: AnalyticsRequest, today: CivilDate, exportArn: String
    ) async throws -> JSONValue {
        let rows = Self.rows(merged, request: request, today: today)
        let decision = window.decide(days: rows.map(\.date), time: time)
        let published = Set(decision.published)
        logger.info("Publishing metrics to CloudWatch...", metadata: ["days": "\(decision.published.count)"])
        let datums = rows.filter { published.contains($0.date) }.flatMap(MetricDatum.datums(for:))
        for batch in MetricDatumBatches.batches(namespace: namespace, datums: datums) {
            try await outputs.putMetricData(MetricDatumBatches.requestBody(namespace: namespace, datums: batch))
        }
        if let reason = decision.reason { logger.info("\(reason)") }
        logger.info("Writing records to Analytics Table...", metadata: ["items": "\(rows.count)"])
        let written = try await outputs.writeRows(rows, exportArn: exportArn, updatedAt: time.now.iso8601)
        logger.info("Aggregator Lambda completed successfully")
        var malformed = JSONObject()
        for (reason, count) in merged.malformed.sorted(by: { $0.key < $1.key }) {
            malformed[reason] = .int(Int64(count))
        }
        let body: JSONValue = [
            "exportArn": .string(exportArn),
            "mode": .string(request.modeName),
            "days": .int(Int64(Set(rows.map(\.date)).count)),
            "apps": .int(Int64(Set(rows.map(\.app)).count)),
            "items": .int(Int64(merged.counts.items)),
            "malformed": .object(malformed),
            "cloudwatch": decision.resultJSON,
            "table_items_written": .int(Int64(written)),
        ]
        return ["statusCode": 200, "body": body]
    }
}
