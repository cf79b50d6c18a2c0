import Formats
import JSON
import TenantBackfill
import Testing
import Timekeeping

@Suite("Chunk Parquet writer: bounded row groups, fixed metadata columns")
struct ChunkParquetWriterTests {
    static let chunk = ChunkParquetWriter.Chunk(
        tenantID: "t9", service: "connectwise", table: "time/entries", jobID: "backfill_t9_connectwise_20240101",
        start: CivilDate(year: 2024, month: 1, day: 1), end: CivilDate(year: 2024, month: 1, day: 8),
        extractedAt: Timestamp(secondsSince1970: 1_764_547_200))

    static func records(_ count: Int) -> ChunkRecords {
        var records = ChunkRecords(idField: "id", updatedField: "lastUpdated")
        for index in 0..<count {
            records.add([
                "id": .int(Int64(index)), "lastUpdated": "2024-01-02T03:04:05Z", "hours": .double(Double(index) / 4),
                "member": ["id": .int(Int64(index % 7))], "note": index % 3 == 0 ? .null : .string("n\(index)"),
            ])
        }
        return records
    }

    @Test("many records are cut into several row groups and all read back in order")
    func rowGroups() async throws {
        let records = Self.records(2500)
        let dataColumns = try #require(try TenantTableSchema.pin(from: records.records.map(\.object)))
        try await withTemporaryDirectory { directory in
            let folder = directory + "/entries"
            let path = folder + "/2024-01-01_2024-01-08.parquet"
            try makeParentDirectory(of: path)
            var options = ChunkParquetWriter.defaultOptions(chunk: Self.chunk)
            options.maxRowsPerRowGroup = 1000
            let writer = try ChunkParquetWriter(
                dataColumns: dataColumns, chunk: Self.chunk, sink: try FileByteSink(path: path), options: options)
            try await writer.write(records: records.records)
            let summary = try await writer.finish()
            #expect(summary.rowCount == 2500 && summary.rowGroupCount == 3 && summary.recordsWithExtra == 0)
            let result = try ReadBackScript.read(directory: folder, rejectedDirectory: folder, idColumn: "id")
            #expect(result["total"] == 2500 && result["distinct_hashes"] == 2500)
            #expect(result["ids"]?.arrayValue?.compactMap(\.stringValue) == (0..<2500).map { String($0) })
            #expect(result["metadata"]?["backfill.chunk"] == "2024-01-01..2024-01-08")
            let first = try #require(result["first"])
            #expect(
                first["_chunk_end"]?.stringValue == "2024-01-08"
                    && first["_backfill_job_id"] == "backfill_t9_connectwise_20240101")
        }
    }

    @Test("a member outside the schema or of another type goes to _extra, and the row still fits")
    func extraMembers() async throws {
        let dataColumns = try RowSchema([.init("id", .int64, nullable: false), .init("hours", .double)])
        let record = ChunkRecords.Record(
            object: ["id": 5, "hours": "three", "new_field": ["a": 1]], id: "5",
            updated: Timestamp(secondsSince1970: 0), hash: "h")
        try await withTemporaryDirectory { directory in
            let path = directory + "/one.parquet"
            let writer = try ChunkParquetWriter(
                dataColumns: dataColumns, chunk: Self.chunk, sink: try FileByteSink(path: path))
            try await writer.write(record)
            let summary = try await writer.finish()
            #expect(summary.recordsWithExtra == 1)
            let result = try ReadBackScript.read(directory: directory, rejectedDirectory: directory, idColumn: "id")
            let first = try #require(result["first"])
            #expect(first["hours"] == .null)
            let extra = try JSONParser.parse(try #require(first["_extra"]?.stringValue))
            #expect(extra == ["hours": "three", "new_field": ["a": 1]])
        }
    }

    @Test("a data column named like a metadata column is refused")
    func reservedName() throws {
        let clash = try RowSchema([.init("_record_hash", .string)])
        #expect(throws: TenantBackfillError.self) { _ = try TenantTableSchema.fileSchema(dataColumns: clash) }
        let pinned = try TenantTableSchema.pin(from: [["_tenant_id": "spoof", "id": 1]])
        #expect(pinned?.columns.map(\.name) == ["id"])
    }
}
