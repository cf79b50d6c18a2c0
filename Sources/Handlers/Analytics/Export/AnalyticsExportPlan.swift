import AWS
import Timekeeping

/// The export request of a mode on a day: its kind, its window, and its deterministic `ClientToken`, so a
/// retried invocation sends the identical request.
struct AnalyticsExportPlan: Sendable {
    let exportType: ExportType
    let kind: DynamoDBClient.ExportKind
    let window: (from: Timestamp, to: Timestamp)?
    let clientToken: String

    init(request: AnalyticsRequest, today: CivilDate) {
        switch request.mode {
        case .incremental:
            let from = today.adding(days: -1).startTimestamp
            let to = today.startTimestamp
            exportType = .incremental
            kind = .incremental(from: from, to: to, viewType: "NEW_IMAGE")
            window = (from, to)
            clientToken = "analytics-incremental-\(today.adding(days: -1).iso8601)"
        case .backfill:
            exportType = .full
            kind = .full(exportTime: nil)
            window = nil
            clientToken = "analytics-backfill-\(today.iso8601)"
        }
    }

    /// The point in time the export covers when known before DynamoDB answers (the window's end).
    var exportTime: Timestamp? { window?.to }
}

/// Clear errors for DynamoDB's refusals to export.
enum AnalyticsExportFailure {
    static func explain(_ error: AWSError, table: String) -> AnalyticsHandlerError {
        let code = error.serviceCode ?? ""
        let text: String
        switch code {
        case "PointInTimeRecoveryUnavailableException":
            text =
                "\(error.message). Point-in-time recovery is disabled on table \(table): enable it (aws dynamodb "
                + "update-continuous-backups --table-name \(table) --point-in-time-recovery-specification "
                + "PointInTimeRecoveryEnabled=true) and invoke again"
        case "ExportConflictException":
            text = "An export with the same ClientToken and different parameters is already running: \(error.message)"
        case "LimitExceededException":
            text = "Too many exports are running at once (DynamoDB allows 300): \(error.message)"
        case "TableNotFoundException", "ResourceNotFoundException":
            text = "Table \(table) not found: \(error.message)"
        default:
            text = "Export request failed: \(error.description)"
        }
        var failure = AnalyticsHandlerError(.export, text, context: code.isEmpty ? [:] : ["code": code])
        failure.aws = AWSErrorDetails(error)
        return failure
    }
}
