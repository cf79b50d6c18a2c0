public import AWS

/// Where DynamoDB says an export is (DescribeExport's `ExportArn`, `S3Bucket`, `S3Prefix`, `ExportManifest`).
public struct ExportLocation: Sendable, Hashable {
    /// The export's ARN as DynamoDB names it.
    public var exportArn: String
    /// The bucket it was written to.
    public var bucket: String?
    /// The key prefix it was written under (the folder is `{prefix}/AWSDynamoDB/{exportId}/`).
    public var prefix: String?
    /// The key of its manifest, once it completed.
    public var manifestKey: String?

    /// A location.
    public init(exportArn: String, bucket: String? = nil, prefix: String? = nil, manifestKey: String? = nil) {
        self.exportArn = exportArn
        self.bucket = bucket
        self.prefix = prefix
        self.manifestKey = manifestKey
    }

    /// The export's folder id: from the manifest's key (`…AWSDynamoDB/{id}/manifest-….json`), else from an ARN
    /// of the form `…/export/{id}`; nil otherwise (moto's ARNs name no folder).
    public var exportId: String? {
        if let manifestKey {
            let parts = manifestKey.split(separator: "/")
            if let index = parts.lastIndex(of: "AWSDynamoDB"), index + 2 < parts.count {
                return String(parts[index + 1])
            }
        }
        return ExportLocator.exportId(fromArn: exportArn)
    }
}

/// Describes an export (DynamoDB's DescribeExport in Lambda, a double in tests).
public protocol ExportDescribing: Sendable {
    /// Where the export `arn` was written.
    func describeExport(arn: String) async throws -> ExportLocation
}

/// DescribeExport through `DynamoDBClient`.
public struct DynamoDBExportDescriber: ExportDescribing {
    let dynamoDB: DynamoDBClient

    /// A describer calling `dynamoDB`.
    public init(dynamoDB: DynamoDBClient) { self.dynamoDB = dynamoDB }

    public func describeExport(arn: String) async throws -> ExportLocation {
        let description = try await dynamoDB.describeExport(arn: arn)
        return ExportLocation(
            exportArn: description.arn.isEmpty ? arn : description.arn, bucket: description.bucket,
            prefix: description.prefix, manifestKey: description.manifestFilesKey)
    }
}
