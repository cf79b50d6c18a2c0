public import JSON
public import Timekeeping

/// A DynamoDB point-in-time export as ExportTableToPointInTime / DescribeExport report it.
public struct DynamoDBExportDescription: Sendable {
    public var arn: String
    /// `IN_PROGRESS`, `COMPLETED` or `FAILED`.
    public var status: String
    /// `FULL_EXPORT` or `INCREMENTAL_EXPORT`.
    public var exportType: String?
    public var bucket: String?
    public var prefix: String?
    /// The key of `manifest-summary.json`'s sibling `manifest-files.json`, once the export completed.
    public var manifestFilesKey: String?
    public var startTime: Timestamp?
    public var endTime: Timestamp?
    public var exportTime: Timestamp?
    public var itemCount: Int?
    public var failureCode: String?
    public var failureMessage: String?
    /// Everything DynamoDB sent.
    public var raw: JSONValue

    init(_ json: JSONValue) {
        raw = json
        arn = json["ExportArn"]?.stringValue ?? ""
        status = json["ExportStatus"]?.stringValue ?? ""
        exportType = json["ExportType"]?.stringValue
        bucket = json["S3Bucket"]?.stringValue
        prefix = json["S3Prefix"]?.stringValue
        manifestFilesKey = json["ExportManifest"]?.stringValue
        startTime = Self.time(json["StartTime"])
        endTime = Self.time(json["EndTime"])
        exportTime = Self.time(json["ExportTime"])
        itemCount = json["ItemCount"]?.intValue.map { Int($0) }
        failureCode = json["FailureCode"]?.stringValue
        failureMessage = json["FailureMessage"]?.stringValue
    }

    /// JSON 1.0 timestamps are epoch seconds (possibly fractional).
    static func time(_ value: JSONValue?) -> Timestamp? {
        value?.doubleValue.map { Timestamp(millisecondsSince1970: Int64(($0 * 1000).rounded())) }
    }
}

/// An entry of ListExports.
public struct DynamoDBExportSummary: Sendable, Equatable {
    public var arn: String
    public var status: String
    public var exportType: String?
}

extension DynamoDBClient {
    /// What to export.
    public enum ExportKind: Sendable {
        /// The table as of `exportTime` (now when nil).
        case full(exportTime: Timestamp?)
        /// Changes between two instants (at least 15 minutes apart, at most 24 hours), with `viewType`
        /// `NEW_AND_OLD_IMAGES` (the default) or `NEW_IMAGE`.
        case incremental(from: Timestamp, to: Timestamp, viewType: String = "NEW_AND_OLD_IMAGES")
    }

    /// Starts a point-in-time export of `tableARN` to `s3://bucket/prefix` in DynamoDB JSON.
    public func exportTableToPointInTime(
        tableARN: String,
        bucket: String,
        prefix: String,
        kind: ExportKind = .full(exportTime: nil),
        clientToken: String? = nil
    ) async throws -> DynamoDBExportDescription {
        var members: [(String, JSONValue?)] = [
            ("TableArn", .string(tableARN)), ("S3Bucket", .string(bucket)), ("S3Prefix", .string(prefix)),
            ("ExportFormat", "DYNAMODB_JSON"), ("ClientToken", clientToken.map(JSONValue.string)),
        ]
        switch kind {
        case .full(let exportTime):
            members.append(("ExportType", "FULL_EXPORT"))
            members.append(("ExportTime", exportTime.map(Self.seconds)))
        case .incremental(let from, let to, let viewType):
            members.append(("ExportType", "INCREMENTAL_EXPORT"))
            members.append(
                (
                    "IncrementalExportSpecification",
                    [
                        "ExportFromTime": Self.seconds(from), "ExportToTime": Self.seconds(to),
                        "ExportViewType": .string(viewType),
                    ]
                ))
        }
        let output = try await call("ExportTableToPointInTime", members)
        return DynamoDBExportDescription(output["ExportDescription"] ?? .null)
    }

    /// The current state of an export.
    public func describeExport(arn: String) async throws -> DynamoDBExportDescription {
        let output = try await call("DescribeExport", [("ExportArn", .string(arn))])
        return DynamoDBExportDescription(output["ExportDescription"] ?? .null)
    }

    /// Every export of `tableARN`, following `NextToken`.
    public func listExports(tableARN: String) async throws -> [DynamoDBExportSummary] {
        var summaries: [DynamoDBExportSummary] = []
        var token: String?
        repeat {
            let output = try await call(
                "ListExports", [("TableArn", .string(tableARN)), ("NextToken", token.map(JSONValue.string))])
            for entry in output["ExportSummaries"]?.arrayValue ?? [] {
                summaries.append(
                    DynamoDBExportSummary(
                        arn: entry["ExportArn"]?.stringValue ?? "", status: entry["ExportStatus"]?.stringValue ?? "",
                        exportType: entry["ExportType"]?.stringValue))
            }
            token = output["NextToken"]?.stringValue
        } while token != nil
        return summaries
    }

    static func seconds(_ timestamp: Timestamp) -> JSONValue {
        timestamp.millisecondsSince1970 % 1000 == 0
            ? .int(timestamp.millisecondsSince1970 / 1000) : .double(Double(timestamp.millisecondsSince1970) / 1000)
    }
}
