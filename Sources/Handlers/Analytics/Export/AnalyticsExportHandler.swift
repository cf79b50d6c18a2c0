public import AWS
public import JSON
public import LambdaRuntime
public import Logging
public import Timekeeping

/// `_HANDLER=analytics-export`: starts the DynamoDB export the aggregator reads, as the existing tool's users
/// call it.
///
/// - `{"mode":"incremental"}`, `{}` or an EventBridge scheduled event: an `INCREMENTAL_EXPORT` of yesterday,
///   `[yesterday 00:00Z, today 00:00Z)`, view type `NEW_IMAGE`.
/// - `{"mode":"backfill","backfillStartDate":"YYYY-MM-DD"}`: a `FULL_EXPORT` at now (no `ExportTime` is sent,
///   so a retry is the identical request).
/// - `{"action":"status","exportArn":"…"}`: DescribeExport's status (the state machine's poll).
///
/// A deterministic `ClientToken` per (mode, day) makes a retried invocation join the export it started.
public struct AnalyticsExportHandler: JSONLambdaHandler {
    /// The parsed configuration.
    public let configuration: AnalyticsExportConfiguration
    let dynamoDB: DynamoDBClient
    let time: any TimeSource

    /// A handler over `dynamoDB`, with days taken from `time`.
    public init(configuration: AnalyticsExportConfiguration, dynamoDB: DynamoDBClient, time: any TimeSource) {
        self.configuration = configuration
        self.dynamoDB = dynamoDB
        self.time = time
    }

    public func handle(event: JSONValue, context: LambdaContext) async throws -> JSONValue {
        let request = try AnalyticsRequest(event: event, today: time.now.civil.date)
        if request.isStatus, let arn = request.exportArn { return try await status(arn) }
        guard request.fanOut == nil else {
            throw AnalyticsHandlerError(
                .invalidEvent, "The fan-out actions are answered by analytics-aggregate", context: ["field": "action"])
        }
        return try await start(request, logger: context.logger)
    }

    /// Starts the export `request` asks for; returns `{exportArn, exportType, status, s3Prefix, exportTime,
    /// window?}`.
    public func start(_ request: AnalyticsRequest, logger: Logger) async throws -> JSONValue {
        let now = time.now
        let today = now.civil.date
        let plan = AnalyticsExportPlan(request: request, today: today)
        let tableArn = try await resolveTableArn()
        let description: DynamoDBExportDescription
        do {
            description = try await dynamoDB.exportTableToPointInTime(
                tableARN: tableArn, bucket: configuration.exportBucket, prefix: configuration.exportPrefix,
                kind: plan.kind, clientToken: plan.clientToken)
        } catch let error as AWSError {
            throw AnalyticsExportFailure.explain(error, table: configuration.tableName)
        }
        logger.info(
            "Export started",
            metadata: [
                "exportArn": "\(description.arn)", "exportType": "\(plan.exportType.rawValue)",
                "clientToken": "\(plan.clientToken)",
            ])
        var result: JSONObject = [
            "exportArn": .string(description.arn),
            "exportType": .string(description.exportType ?? plan.exportType.rawValue),
            "status": .string(description.status.isEmpty ? "IN_PROGRESS" : description.status),
            "s3Prefix": .string(configuration.exportPrefix),
            "exportTime": .string((description.exportTime ?? plan.exportTime ?? now).iso8601),
        ]
        if let window = plan.window {
            result["window"] = ["from": .string(window.from.iso8601), "to": .string(window.to.iso8601)]
        }
        return .object(result)
    }

    /// `{exportArn, status, exportType?, failureCode?, failureMessage?, itemCount?}` of an export.
    public func status(_ arn: String) async throws -> JSONValue {
        let description: DynamoDBExportDescription
        do {
            description = try await dynamoDB.describeExport(arn: arn)
        } catch let error as AWSError {
            throw AnalyticsExportFailure.explain(error, table: configuration.tableName)
        }
        var result: JSONObject = ["exportArn": .string(arn), "status": .string(description.status)]
        if let type = description.exportType { result["exportType"] = .string(type) }
        if let code = description.failureCode { result["failureCode"] = .string(code) }
        if let message = description.failureMessage { result["failureMessage"] = .string(message) }
        if let count = description.itemCount { result["itemCount"] = .int(Int64(count)) }
        return .object(result)
    }

    func resolveTableArn() async throws -> String {
        if let arn = configuration.tableArn { return arn }
        return try await dynamoDB.describeTable(configuration.tableName).arn
    }
}
