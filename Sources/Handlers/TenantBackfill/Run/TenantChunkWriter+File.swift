import BackfillCore
import Formats
import Timekeeping

extension TenantChunkWriter {
    /// Writes one chunk file of `count` rows, the rows coming from `rows`: streamed through `uploads` while it is
    /// encoded (aborted on any failure, so no partial object remains), or built in memory and put whole.
    func writeFile(
        _ chunk: TenantChunk, count: Int, columns: RowSchema, extractedAt: Timestamp,
        rows: (ChunkParquetWriter) async throws -> Void
    ) async throws -> ChunkResult {
        let key = TenantRawLayout.rawKey(
            tenantID: chunk.tenantID, service: chunk.service, table: chunk.table, start: chunk.start, end: chunk.end)
        let summary: ChunkParquetWriter.Summary
        if let uploads {
            // Streamed: row groups go out as they are encoded (one multipart part per `partSize` bytes).
            let upload = uploads.upload(
                key, contentType: RowFormat.parquet.contentType, metadata: objectMetadata(chunk, count: count))
            do {
                let writer = try ChunkParquetWriter(
                    dataColumns: columns, chunk: metadata(chunk, extractedAt), sink: upload)
                try await rows(writer)
                summary = try await writer.finish()
            } catch {
                await upload.abort()
                throw error
            }
        } else {
            let sink = MemoryByteSink()
            let writer = try ChunkParquetWriter(dataColumns: columns, chunk: metadata(chunk, extractedAt), sink: sink)
            try await rows(writer)
            summary = try await writer.finish()
            try await objects.put(
                key, body: await sink.bytes, contentType: RowFormat.parquet.contentType,
                metadata: objectMetadata(chunk, count: summary.rowCount))
        }
        var result = ChunkResult()
        result.written = summary.rowCount
        result.keys = [key]
        return result
    }

    func metadata(_ chunk: TenantChunk, _ extractedAt: Timestamp) -> ChunkParquetWriter.Chunk {
        ChunkParquetWriter.Chunk(
            tenantID: chunk.tenantID, service: chunk.service, table: chunk.table, jobID: chunk.jobID,
            start: chunk.start, end: chunk.end, extractedAt: extractedAt)
    }

    func objectMetadata(_ chunk: TenantChunk, count: Int) -> [String: String] {
        ["job-id": chunk.jobID, "chunk": "\(chunk.start.iso8601)..\(chunk.end.iso8601)", "record-count": "\(count)"]
    }
}
