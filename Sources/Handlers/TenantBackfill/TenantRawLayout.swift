public import Timekeeping

/// Where a tenant backfill's objects go in the data bucket, deterministic per chunk so a retried chunk overwrites
/// its file instead of duplicating it. Dates are `YYYY-MM-DD`; a chunk's end is exclusive (the next one's start).
public enum TenantRawLayout {
    /// The last path segment of a table (`service/tickets` → `tickets`), as the existing tool names folders.
    public static func tableClean(_ table: String) -> String {
        String(table.split(separator: "/").last ?? Substring(table))
    }

    /// `{tenant}/raw/{service}/{table_clean}/{start}_{end}.parquet`
    public static func rawKey(
        tenantID: String, service: String, table: String, start: CivilDate, end: CivilDate
    ) -> String {
        "\(tablePrefix(tenantID: tenantID, service: service, table: table))/\(start.iso8601)_\(end.iso8601).parquet"
    }

    /// `{tenant}/raw/{service}/{table_clean}/_rejected/{start}_{end}.ndjson.gz`
    public static func rejectedKey(
        tenantID: String, service: String, table: String, start: CivilDate, end: CivilDate
    ) -> String {
        "\(tablePrefix(tenantID: tenantID, service: service, table: table))/_rejected/"
            + "\(start.iso8601)_\(end.iso8601).ndjson.gz"
    }

    /// `{tenant}/raw/{service}/{table_clean}`: the folder every chunk of a table lies in (no trailing slash),
    /// the `s3_prefix` of the canonical-transform trigger.
    public static func tablePrefix(tenantID: String, service: String, table: String) -> String {
        "\(tenantID)/raw/\(service)/\(tableClean(table))"
    }

    /// `{tenant}/backfill/{job_id}.json`: the job's summary per table.
    public static func summaryKey(tenantID: String, jobID: String) -> String {
        "\(tenantID)/backfill/\(jobID).json"
    }

    /// `backfill_{tenant}_{service}_{YYYYMMDD}` of the backfill's start date, the existing tool's job id.
    public static func jobID(tenantID: String, service: String, start: CivilDate) -> String {
        "backfill_\(tenantID)_\(service)_\(start.iso8601.filter { $0 != "-" })"
    }

    /// `{table}|{start}..{end}`: a chunk's partition key in the tracker job.
    public static func partitionKey(table: String, start: CivilDate, end: CivilDate) -> String {
        "\(table)|\(start.iso8601)..\(end.iso8601)"
    }

    /// The table and window of a partition key, or nil when it is not one.
    public static func parsePartitionKey(_ key: String) -> (table: String, start: CivilDate, end: CivilDate)? {
        guard let bar = key.lastIndex(of: "|") else { return nil }
        let range = key[key.index(after: bar)...].split(separator: ".", omittingEmptySubsequences: true)
        guard range.count == 2, let start = CivilDate(iso8601: String(range[0])),
            let end = CivilDate(iso8601: String(range[1])), start < end, bar > key.startIndex
        else { return nil }
        return (String(key[..<bar]), start, end)
    }
}
