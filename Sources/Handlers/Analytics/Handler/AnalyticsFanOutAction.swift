import JSON

/// The `analytics-aggregate` events the `AnalyticsBackfill` state machine uses to fan out over an export's
/// partitions (file groups): plan the job, aggregate one partition per Map iteration, merge the saved partials.
///
/// - `{"action":"plan","mode":…,"backfillStartDate":…,"exportArn":…}`: the job id, the partitions, the total
///   bytes and whether to fan out (`fanOut`, above `ANALYTICS_FANOUT_MB`) and with a Distributed Map.
/// - `{"action":"aggregatePartition","job_id":…,"partition":"files-00001"}`: aggregate that file group and save
///   its partial aggregate.
/// - `{"action":"merge","job_id":…}`: the exact merge of the saved partials, the table and CloudWatch, with
///   the usual result.
public enum AnalyticsFanOutAction: Sendable, Hashable {
    /// Plan the job (the mode and export come from the rest of the event).
    case plan
    /// Aggregate one partition of a planned job.
    case aggregatePartition(jobID: String, partition: String)
    /// Merge a planned job's partials and publish.
    case merge(jobID: String)

    /// The accepted `action` values.
    static let actions = "'status', 'plan', 'aggregatePartition' or 'merge'"

    /// Parses the fan-out action `action` of `object`; nil for an action that is not a fan-out one.
    static func parse(action: String, _ object: JSONObject) throws(AnalyticsHandlerError) -> AnalyticsFanOutAction? {
        switch action {
        case "plan":
            return .plan
        case "aggregatePartition":
            return .aggregatePartition(
                jobID: try required(object, "job_id", action), partition: try required(object, "partition", action))
        case "merge":
            return .merge(jobID: try required(object, "job_id", action))
        default:
            return nil
        }
    }

    /// A required non-empty string field of `action`.
    static func required(_ object: JSONObject, _ name: String, _ action: String) throws(AnalyticsHandlerError)
        -> String
    {
        guard let value = try AnalyticsRequest.string(object, name) else {
            throw AnalyticsHandlerError(
                .invalidEvent, "\(name) is required for the \(action) action", context: ["field": name])
        }
        return value
    }
}
