/// Everything `analytics-export` needs from its environment, parsed once at init.
///
/// | Variable | Meaning | Default |
/// |---|---|---|
/// | `TABLE_NAME` | the main table to export (PITR on) | required |
/// | `EXPORT_BUCKET` | the bucket exports are written to | required |
/// | `EXPORT_PREFIX` | the key prefix of exports | `exports` |
/// | `TABLE_ARN` | the main table's ARN | DescribeTable of `TABLE_NAME` |
public struct AnalyticsExportConfiguration: Sendable, Hashable {
    /// The main table.
    public var tableName: String
    /// The export bucket.
    public var exportBucket: String
    /// The export prefix, without leading or trailing slashes.
    public var exportPrefix: String
    /// The table's ARN; nil asks DescribeTable.
    public var tableArn: String?

    /// A configuration given in code.
    public init(tableName: String, exportBucket: String, exportPrefix: String = "exports", tableArn: String? = nil) {
        self.tableName = tableName
        self.exportBucket = exportBucket
        self.exportPrefix = AnalyticsVariables.trimmedPrefix(exportPrefix)
        self.tableArn = tableArn
    }

    /// Parses the variables above; a missing one is a `configuration` error with the tool's wording.
    public init(environment: [String: String]) throws(AnalyticsHandlerError) {
        let variables = AnalyticsVariables(environment)
        guard let table = variables["TABLE_NAME"] else {
            throw AnalyticsHandlerError(.configuration, "TABLE_NAME environment variable is required")
        }
        guard let bucket = variables["EXPORT_BUCKET"] else {
            throw AnalyticsHandlerError(.configuration, "EXPORT_BUCKET environment variable is required")
        }
        self.init(
            tableName: table, exportBucket: bucket, exportPrefix: variables["EXPORT_PREFIX"] ?? "exports",
            tableArn: variables["TABLE_ARN"])
    }
}

/// Reads trimmed, non-empty environment variables.
struct AnalyticsVariables {
    let environment: [String: String]

    init(_ environment: [String: String]) { self.environment = environment }

    subscript(name: String) -> String? {
        guard let raw = environment[name] else { return nil }
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        let text = String(raw.drop(while: isSpace).reversed().drop(while: isSpace).reversed())
        return text.isEmpty ? nil : text
    }

    /// A prefix without leading or trailing slashes (`exports/` → `exports`).
    static func trimmedPrefix(_ prefix: String) -> String {
        var text = Substring(prefix)
        while text.first == "/" { text = text.dropFirst() }
        while text.last == "/" { text = text.dropLast() }
        return String(text)
    }
}
