import Formats
import JSON
import Testing

@Suite("Parquet files read back by pyarrow and duckdb")
struct ParquetReadBackTests {
    /// Every column type, nullable and required, with nulls, extremes and repeated strings.
    static func sampleTable(rowCount: Int = 50) throws -> Table {
        let schema = try RowSchema([
            .init("id", .int64, nullable: false),
            .init("flag", .boolean),
            .init("small", .int32),
            .init("amount", .double),
            .init("status", .string),
            .init("note", .string, encoding: .plain),
            .init("payload", .json),
            .init("raw", .binary),
            .init("day", .date),
            .init("at", .timestampMillis, nullable: false),
        ])
        let statuses = ["open", "closed", "pending", "ünïcödé ✓"]
        var rows: [[RowValue]] = []
        for index in 0..<rowCount {
            let i = Int64(index)
            rows.append([
                .int(i * 1_000_003 - 7),
                index % 7 == 3 ? .null : .bool(index % 3 == 0),
                index % 5 == 0 ? .null : .int(index % 2 == 0 ? Int64(Int32.max) - i : Int64(Int32.min) + i),
                index % 11 == 0 ? .null : .double(Double(index) * 1.25 - 10),
                index % 4 == 1 ? .null : .string(statuses[index % statuses.count]),
                .string("note #\(index) " + String(repeating: "x", count: index % 13)),
                index % 6 == 0 ? .null : .json(["n": .int(i), "tags": ["a", .string("b\(index)")]]),
                index % 9 == 0 ? .null : .bytes([0, 255, UInt8(index % 256)]),
                index % 10 == 0 ? .null : .date(daysSince1970: Int32(20_000 + index)),
                .timestamp(millisecondsSince1970: 1_763_712_000_000 + i * 61_001),
            ])
        }
        return Table(schema: schema, rows: rows)
    }

    @Test("a GZIP file with every column type reads back equal in both readers", arguments: [
        ParquetWriterOptions.Compression.gzip(level: 6), .uncompressed,
    ])
    func everyTypeRoundTrips(compression: ParquetWriterOptions.Compression) async throws {
        let table = try Self.sampleTable()
        try await withTemporaryDirectory { directory in
            let path = directory + "/sample.parquet"
            let summary = try await table.writeParquet(to: path, options: .init(compression: compression))
            #expect(summary.rowCount == table.rows.count)
            let result = try ReaderScript.read(path)
            expectReadBack(table, result)
            let chunks = result["pyarrow"]?["row_groups"]?.arrayValue?.first?["columns"]?.arrayValue ?? []
            let codec: JSONValue = compression == .uncompressed ? "UNCOMPRESSED" : "GZIP"
            #expect(chunks.allSatisfy { $0["compression"] == codec })
        }
    }
}
