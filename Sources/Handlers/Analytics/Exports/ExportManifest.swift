import JSON

/// The kind of a DynamoDB export.
public enum ExportType: String, Sendable, Equatable {
    /// `FULL_EXPORT`: `{"Item": …}` lines (also what a summary without `exportType` describes).
    case full = "FULL_EXPORT"
    /// `INCREMENTAL_EXPORT`: `{"Metadata","Keys","NewImage","OldImage"}` lines.
    case incremental = "INCREMENTAL_EXPORT"
}

/// `manifest-summary.json` of a completed export: the fields the aggregator uses.
public struct ExportSummary: Sendable, Equatable {
    /// The export's ARN (`…:table/{table}/export/{exportId}`).
    public var exportArn: String
    /// The export's type; `FULL_EXPORT` when the summary has none (as in AWS's documented example).
    public var exportType: ExportType
    /// The point in time exported (ISO-8601 text as written).
    public var exportTime: String?
    /// When the export started and ended.
    public var startTime: String?
    public var endTime: String?
    /// Items in the export, when given.
    public var itemCount: Int?
    /// `DYNAMODB_JSON` or `ION`.
    public var outputFormat: String?
    /// The key of `manifest-files.json`, when given.
    public var manifestFilesS3Key: String?

    /// A summary with the given fields.
    public init(
        exportArn: String, exportType: ExportType, exportTime: String? = nil, startTime: String? = nil,
        endTime: String? = nil, itemCount: Int? = nil, outputFormat: String? = nil,
        manifestFilesS3Key: String? = nil
    ) {
        self.exportArn = exportArn
        self.exportType = exportType
        self.exportTime = exportTime
        self.startTime = startTime
        self.endTime = endTime
        self.itemCount = itemCount
        self.outputFormat = outputFormat
        self.manifestFilesS3Key = manifestFilesS3Key
    }

    /// The export id: the ARN's last path component.
    public var exportId: String { String(exportArn.split(separator: "/").last ?? "") }

    /// Parses a summary; throws when it is not a JSON object with an `exportArn`, or has an unknown type.
    public static func parse(_ bytes: [UInt8]) throws(AnalyticsError) -> ExportSummary {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw AnalyticsError(.invalidManifest, "manifest-summary.json is not JSON: \(error.message)")
        }
        guard let arn = value["exportArn"]?.stringValue, !arn.isEmpty else {
            throw AnalyticsError(.invalidManifest, "manifest-summary.json has no exportArn")
        }
        var type = ExportType.full
        if let text = value["exportType"]?.stringValue {
            guard let parsed = ExportType(rawValue: text) else {
                throw AnalyticsError(.invalidManifest, "manifest-summary.json has an unknown exportType \(text)")
            }
            type = parsed
        }
        return ExportSummary(
            exportArn: arn, exportType: type, exportTime: value["exportTime"]?.stringValue,
            startTime: value["startTime"]?.stringValue, endTime: value["endTime"]?.stringValue,
            itemCount: value["itemCount"]?.intValue.map { Int($0) }, outputFormat: value["outputFormat"]?.stringValue,
            manifestFilesS3Key: value["manifestFilesS3Key"]?.stringValue)
    }
}

/// One line of `manifest-files.json`: a data file of the export.
public struct ExportDataFile: Sendable, Equatable {
    /// The key as the manifest gives it (with or without the export prefix); see `ExportManifest.resolve`.
    public var dataFileS3Key: String
    /// Items in the file, when given.
    public var itemCount: Int?
    /// The file's MD5 (hex) and ETag, when given.
    public var md5: String?
    public var etag: String?

    /// A data file entry.
    public init(dataFileS3Key: String, itemCount: Int? = nil, md5: String? = nil, etag: String? = nil) {
        self.dataFileS3Key = dataFileS3Key
        self.itemCount = itemCount
        self.md5 = md5
        self.etag = etag
    }
}

/// Reading an export's manifests and resolving the keys they name.
public enum ExportManifest {
    /// Parses `manifest-files.json` (one JSON object a line; blank lines ignored).
    public static func parseFiles(_ bytes: [UInt8]) throws(AnalyticsError) -> [ExportDataFile] {
        var files: [ExportDataFile] = []
        for (index, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            guard line.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) else { continue }
            let value: JSONValue
            do {
                value = try JSONParser.parse(Array(line))
            } catch {
                throw AnalyticsError(
                    .invalidManifest, "manifest-files.json line \(index + 1) is not JSON: \(error.message)")
            }
            guard let key = value["dataFileS3Key"]?.stringValue, !key.isEmpty else {
                throw AnalyticsError(.invalidManifest, "manifest-files.json line \(index + 1) has no dataFileS3Key")
            }
            files.append(
                ExportDataFile(
                    dataFileS3Key: key, itemCount: value["itemCount"]?.intValue.map { Int($0) },
                    md5: value["md5"]?.stringValue, etag: value["etag"]?.stringValue))
        }
        return files
    }

    /// The full S3 key of a data file named in the manifest of the export in `exportFolder`
    /// (`{prefix}/AWSDynamoDB/{exportId}`). Real exports name the full key (prefix included); AWS's
    /// documented example names it from `AWSDynamoDB/` on; a key from `data/` on is taken as relative to
    /// the export folder. All three resolve to the same key.
    public static func resolve(dataFileKey: String, exportFolder: String) -> String {
        let folder = exportFolder.hasSuffix("/") ? String(exportFolder.dropLast()) : exportFolder
        // The part of the folder before `AWSDynamoDB/{exportId}`: the export prefix with its slash, or "".
        let components = folder.split(separator: "/", omittingEmptySubsequences: false)
        var root = ""
        if let index = components.lastIndex(of: "AWSDynamoDB"), index > 0 {
            root = components[..<index].joined(separator: "/") + "/"
        }
        if !root.isEmpty, dataFileKey.hasPrefix(root) { return dataFileKey }
        if dataFileKey.hasPrefix("AWSDynamoDB/") { return root + dataFileKey }
        if dataFileKey.hasPrefix("data/") { return folder + "/" + dataFileKey }
        return dataFileKey
    }
}
