import BackfillCore
import Logging

/// The export to aggregate and its data files with their sizes: the given export (by ARN), else the newest
/// completed one of the mode's type under the prefix; files from `manifest-files.json`, or from the `data/`
/// listing when the export has no manifest (local emulators write none; logged). A given export is located by
/// DescribeExport (its `S3Prefix` and manifest key) when a describer is given, else by its ARN.
struct ExportSelection: Sendable {
    let exportId: String
    let exportArn: String
    let files: [(key: String, size: Int)]
    let listedKeys: Set<String>
    /// The prefix the export was found under (DescribeExport's `S3Prefix`, else `EXPORT_PREFIX`).
    var prefix: String = ""

    static func find(
        objects: any ObjectStore, prefix configured: String, type: ExportType, exportArn: String?, logger: Logger,
        describer: (any ExportDescribing)? = nil, bucket: String = ""
    ) async throws -> ExportSelection {
        var prefix = configured
        // AWS names exports `…/export/{id}` and writes them to `{S3Prefix}/AWSDynamoDB/{id}/`: a named export is
        // that folder or nothing. An ARN of another form (moto: `…/import/{hex}`, written to a random folder)
        // cannot name a folder: the newest export of the mode's type is used, and logged.
        var requestedId = exportArn.flatMap(ExportLocator.exportId(fromArn:))
        if let exportArn, let describer {
            let location: ExportLocation
            do {
                location = try await describer.describeExport(arn: exportArn)
            } catch {
                logger.warning(
                    "DescribeExport failed; locating the export from its ARN under EXPORT_PREFIX",
                    metadata: ["exportArn": "\(exportArn)", "error": "\(error)"])
                return try await find(
                    objects: objects, prefix: configured, type: type, exportArn: exportArn, logger: logger)
            }
            if let written = location.bucket, !bucket.isEmpty, written != bucket {
                throw AnalyticsHandlerError(
                    .aggregate, "The export was written to bucket \(written), not to EXPORT_BUCKET \(bucket)",
                    context: ["exportArn": exportArn])
            }
            if let described = location.prefix { prefix = AnalyticsVariables.trimmedPrefix(described) }
            requestedId = location.exportId
            logger.info(
                "export located by DescribeExport",
                metadata: ["exportArn": "\(exportArn)", "prefix": "\(prefix)", "exportId": "\(requestedId ?? "-")"])
        }
        let listing = try await objects.list(prefix: prefix.isEmpty ? "" : prefix + "/")
        var sizes: [String: Int] = [:]
        for object in listing { sizes[object.key] = object.size }
        if let exportArn, requestedId == nil {
            logger.warning(
                "exportArn is not of the form …/export/{id}; using the newest export of the mode's type",
                metadata: ["exportArn": "\(exportArn)"])
        }
        let choice: ExportLocator.Choice
        do {
            choice = try await ExportLocator.choose(
                type: type, keys: listing.map(\.key), prefix: prefix, exportId: requestedId
            ) { folder in
                try ExportSummary.parse(try await objects.getBytes(folder.summaryKey))
            }
        } catch let error as AnalyticsError where error.code == .exportNotFound {
            throw AnalyticsHandlerError(.aggregate, "No export found in S3", context: error.context)
        }
        var keys: [String]
        if let summary = choice.summary {
            let filesKey =
                summary.manifestFilesS3Key.map {
                    ExportManifest.resolve(dataFileKey: $0, exportFolder: choice.folder.key)
                } ?? choice.folder.filesKey
            keys = try ExportManifest.parseFiles(try await objects.getBytes(filesKey)).map {
                ExportManifest.resolve(dataFileKey: $0.dataFileS3Key, exportFolder: choice.folder.key)
            }
        } else {
            logger.info(
                "No manifest in the export folder; listing data/ instead",
                metadata: ["folder": "\(choice.folder.key)", "files": "\(choice.folder.dataKeys.count)"])
            keys = choice.folder.dataKeys
        }
        keys = Array(Set(keys)).sorted()
        var files: [(key: String, size: Int)] = []
        for key in keys {
            if let size = sizes[key] {
                files.append((key, size))
            } else {
                guard let size = try await objects.head(key) else {
                    throw AnalyticsHandlerError(
                        .aggregate, "A data file named in the manifest is missing", context: ["key": key])
                }
                files.append((key, size))
            }
        }
        let arn = choice.summary?.exportArn ?? (requestedId == nil ? nil : exportArn) ?? choice.folder.exportId
        return ExportSelection(
            exportId: choice.folder.exportId, exportArn: arn, files: files, listedKeys: Set(sizes.keys), prefix: prefix)
    }
}
