import Formats

/// Builds the month's two Parquet files in memory. Deterministic: the same summary gives the same bytes (no
/// time or job id in the metadata), so a re-run rewrites identical objects.
enum CostParquetFiles {
    /// `cost-by-workload.parquet`: one row per workload, by cost descending.
    static let workloadSchema: RowSchema = try! RowSchema([
        .init("period", .string, nullable: false),
        .init("workload", .string),
        .init("cost_centre", .string),
        .init("net_amortized_cost", .double, nullable: false),
        .init("share", .double, nullable: false),
        .init("usage_types", .int64, nullable: false),
        .init("currency", .string, nullable: false),
        .init("estimated", .boolean, nullable: false),
        .init("in_progress", .boolean, nullable: false),
    ])

    /// `cost-by-usage-type.parquet`: one row per workload and usage type, by workload then usage type.
    static let usageTypeSchema: RowSchema = try! RowSchema([
        .init("period", .string, nullable: false),
        .init("workload", .string),
        .init("usage_type", .string, nullable: false),
        .init("category", .string, nullable: false),
        .init("net_amortized_cost", .double, nullable: false),
        .init("usage_quantity", .double, nullable: false),
        .init("usage_unit", .string, nullable: false),
        .init("currency", .string, nullable: false),
        .init("estimated", .boolean, nullable: false),
        .init("in_progress", .boolean, nullable: false),
    ])

    /// The workload file's bytes and row count.
    static func workloads(_ summary: CostSummary) async throws -> (bytes: [UInt8], rows: Int) {
        let costs = summary.costs
        let rows: [[RowValue]] = summary.workloads.map { workload in
            [
                .string(costs.period.key), workload.name.map(RowValue.string) ?? .null,
                workload.costCentre.map(RowValue.string) ?? .null, .double(workload.cost),
                .double(summary.share(workload.cost)), .int(Int64(workload.usageTypes)), .string(costs.currency),
                .bool(costs.isEstimated), .bool(costs.period.isInProgress),
            ]
        }
        return try await write(rows, schema: workloadSchema, period: costs.period.key)
    }

    /// The usage-type file's bytes and row count.
    static func usageTypes(_ summary: CostSummary) async throws -> (bytes: [UInt8], rows: Int) {
        let costs = summary.costs
        let rows: [[RowValue]] = costs.usage.map { line in
            [
                .string(costs.period.key), line.workload.map(RowValue.string) ?? .null, .string(line.usageType),
                .string(UsageTypeClassifier.category(of: line.usageType)), .double(line.cost),
                .double(line.quantity), .string(line.unit), .string(costs.currency), .bool(costs.isEstimated),
                .bool(costs.period.isInProgress),
            ]
        }
        return try await write(rows, schema: usageTypeSchema, period: costs.period.key)
    }

    static func write(_ rows: [[RowValue]], schema: RowSchema, period: String) async throws -> (
        bytes: [UInt8], rows: Int
    ) {
        var options = ParquetWriterOptions()
        options.keyValueMetadata = ["backfill.handler": "cost-backfill", "backfill.period": period]
        let sink = MemoryByteSink()
        let writer = try ParquetWriter(schema: schema, sink: sink, options: options)
        try await writer.write(contentsOf: rows)
        let summary = try await writer.finish()
        return (await sink.bytes, summary.rowCount)
    }
}
