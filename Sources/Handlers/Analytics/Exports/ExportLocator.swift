/// Finds exports in a listing of the export bucket under `EXPORT_PREFIX` and chooses the one to aggregate:
/// the newest **completed** export of the requested type (a folder with `manifest-summary.json`; DynamoDB
/// writes it last), or, only when no folder has a manifest (local emulators write none), the newest folder
/// with data files, whose `data/` listing then stands in for `manifest-files.json`.
public enum ExportLocator {
    /// One `{prefix}/AWSDynamoDB/{exportId}` folder seen in a listing.
    public struct Folder: Sendable, Equatable {
        /// The export id (`{14-digit epoch milliseconds}-{8 hex}`: sorting ids sorts exports by time).
        public var exportId: String
        /// The folder's key, without a trailing slash.
        public var key: String
        /// True when the folder has `manifest-summary.json` (the export completed).
        public var hasManifest: Bool
        /// The `data/*.gz` keys listed in the folder, sorted (AWS writes `.json.gz`; moto writes `.gz`).
        public var dataKeys: [String]

        /// The key of the folder's `manifest-summary.json`.
        public var summaryKey: String { key + "/manifest-summary.json" }
        /// The key of the folder's `manifest-files.json`.
        public var filesKey: String { key + "/manifest-files.json" }
    }

    /// The export folders in `keys` (a listing under `prefix`, which may have been made with a shorter prefix:
    /// keys outside `prefix` are ignored), newest first.
    public static func folders(in keys: [String], prefix: String) -> [Folder] {
        let root = prefix.isEmpty || prefix.hasSuffix("/") ? prefix : prefix + "/"
        var byKey: [String: Folder] = [:]
        for key in keys where key.hasPrefix(root) {
            let rest = key.dropFirst(root.count).split(separator: "/", omittingEmptySubsequences: false)
            guard rest.count >= 3, rest[0] == "AWSDynamoDB", !rest[1].isEmpty else { continue }
            let exportId = String(rest[1])
            let folderKey = root + "AWSDynamoDB/" + exportId
            var folder =
                byKey[folderKey] ?? Folder(exportId: exportId, key: folderKey, hasManifest: false, dataKeys: [])
            if rest.count == 3, rest[2] == "manifest-summary.json" { folder.hasManifest = true }
            if rest.count == 4, rest[2] == "data", rest[3].hasSuffix(".gz") { folder.dataKeys.append(key) }
            byKey[folderKey] = folder
        }
        return byKey.values.map { folder in
            var sorted = folder
            sorted.dataKeys.sort()
            return sorted
        }.sorted { $0.exportId > $1.exportId }
    }

    /// What to aggregate.
    public struct Choice: Sendable, Equatable {
        /// The export folder.
        public var folder: Folder
        /// Its summary; nil for a manifest-less folder.
        public var summary: ExportSummary?

        /// True when the data files come from listing `data/` (no manifest): the handler logs that.
        public var usesDataListing: Bool { summary == nil }
    }

    /// The newest completed export of `type` among `keys`, loading summaries newest first with `summary`
    /// (an S3 GET and `ExportSummary.parse`); falls back to the newest manifest-less folder with data files
    /// only when no folder has a manifest. With `exportId`, only that export is considered.
    /// Throws `exportNotFound` (message `No export found in S3`) when nothing fits.
    public static func choose(
        type: ExportType, keys: [String], prefix: String, exportId: String? = nil,
        summary: (Folder) async throws -> ExportSummary
    ) async throws -> Choice {
        var candidates = folders(in: keys, prefix: prefix)
        if let exportId { candidates = candidates.filter { $0.exportId == exportId } }
        let withManifest = candidates.filter(\.hasManifest)
        if withManifest.isEmpty {
            // Only exports without manifests (moto, local emulators): their type is unknown; take the newest.
            if let folder = candidates.first(where: { !$0.dataKeys.isEmpty }) {
                return Choice(folder: folder, summary: nil)
            }
        } else {
            for folder in withManifest {
                let loaded = try await summary(folder)
                if loaded.exportType == type || exportId != nil { return Choice(folder: folder, summary: loaded) }
            }
        }
        throw AnalyticsError(
            .exportNotFound, "No export found in S3",
            context: ["prefix": prefix, "exportType": type.rawValue] + (exportId.map { ["exportId": $0] } ?? [:]))
    }

    /// The export id of an export ARN (`…/export/{exportId}`).
    public static func exportId(fromArn arn: String) -> String? {
        let parts = arn.split(separator: "/")
        guard parts.count >= 2, parts[parts.count - 2] == "export", let last = parts.last else { return nil }
        return String(last)
    }
}

extension Dictionary where Key == String, Value == String {
    fileprivate static func + (lhs: Self, rhs: Self) -> Self { lhs.merging(rhs) { $1 } }
}
