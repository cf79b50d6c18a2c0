public import Formats
import JSON

/// Writes a chunk's rejected records as gzip NDJSON, one `{"reason","record",…}` object a line with the chunk's
/// metadata, so every record a source sent is accounted for.
public enum RejectedRecordsWriter {
    static let schema: RowSchema = {
        // The columns are fixed and valid; a failure here is a programming error.
        try! RowSchema([
            .init("reason", .string, nullable: false), .init("record", .json),
            .init("_tenant_id", .string, nullable: false), .init("_service", .string, nullable: false),
            .init("_table", .string, nullable: false), .init("_backfill_job_id", .string, nullable: false),
            .init("_chunk_start", .date, nullable: false), .init("_chunk_end", .date, nullable: false),
            .init("_extracted_at", .timestampMillis, nullable: false),
        ])
    }()

    /// Writes `rejected` into `sink` (also when empty: an empty file) and returns the lines written.
    nonisolated(nonsending) public static func write(
        _ rejected: [ChunkRecords.Rejected], chunk: ChunkParquetWriter.Chunk, sink: any ByteSink
    ) async throws(TenantBackfillError) -> Int {
        do {
            let writer = try NDJSONGzipWriter(schema: schema, sink: sink)
            for entry in rejected {
                try await writer.write([
                    .string(entry.reason), .json(entry.record), .string(chunk.tenantID), .string(chunk.service),
                    .string(chunk.table), .string(chunk.jobID), .date(chunk.start), .date(chunk.end),
                    .timestamp(chunk.extractedAt),
                ])
            }
            return try await writer.finish().rowCount
        } catch {
            throw TenantBackfillError(.writeFailed, "writing the rejected records failed", underlying: error)
        }
    }
}
