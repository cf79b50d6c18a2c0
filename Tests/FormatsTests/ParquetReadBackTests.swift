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

    @Test(
        "a GZIP file with every column type reads back equal in both readers",
        arguments: [
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

    @Test("low-cardinality strings get a dictionary page and distinct strings stay plain")
    func dictionaryAndPlainPages() async throws {
        let schema = try RowSchema([
            .init("status", .string), .init("token", .string), .init("forced", .string, encoding: .plain),
        ])
        let rows: [[RowValue]] = (0..<3000).map { index in
            [
                .string(["a", "b", "c"][index % 3]), .string("token-\(index * 7919 % 3001)"),
                .string(["x", "y"][index % 2]),
            ]
        }
        let table = Table(schema: schema, rows: rows)
        try await withTemporaryDirectory { directory in
            let path = directory + "/dictionary.parquet"
            _ = try await table.writeParquet(to: path)
            let result = try ReaderScript.read(path)
            expectReadBack(table, result)
            let chunks = try #require(result["pyarrow"]?["row_groups"]?.arrayValue?.first?["columns"]?.arrayValue)
            #expect(chunks[0]["has_dictionary_page"] == true)
            #expect(chunks[0]["encodings"]?.arrayValue?.contains("RLE_DICTIONARY") == true)
            #expect(chunks[1]["has_dictionary_page"] == false)
            #expect(chunks[1]["encodings"]?.arrayValue?.contains("RLE_DICTIONARY") == false)
            #expect(chunks[2]["has_dictionary_page"] == false)
        }
    }

    @Test("small pages, many row groups and a dictionary that overflows still read back exactly")
    func manyPagesAndRowGroups() async throws {
        let table = try Self.sampleTable(rowCount: 2_000)
        var options = ParquetWriterOptions()
        options.maxRowsPerPage = 37
        options.pageSize = 512
        options.rowGroupSize = 8 * 1024
        options.dictionaryPageSizeLimit = 40
        try await withTemporaryDirectory { directory in
            let path = directory + "/pages.parquet"
            let summary = try await table.writeParquet(to: path, options: options)
            let result = try ReaderScript.read(path)
            expectReadBack(table, result)
            let groups = result["pyarrow"]?["row_groups"]?.arrayValue ?? []
            #expect(groups.count > 1)
            #expect(summary.rowGroupCount == groups.count)
        }
    }

    @Test("a file with zero rows is valid and keeps its schema")
    func emptyFile() async throws {
        let table = try Table(schema: Self.sampleTable().schema, rows: [])
        try await withTemporaryDirectory { directory in
            let path = directory + "/empty.parquet"
            let summary = try await table.writeParquet(to: path)
            #expect(summary.rowCount == 0 && summary.rowGroupCount == 0)
            let result = try ReaderScript.read(path)
            expectReadBack(table, result)
            #expect(result["pyarrow"]?["row_groups"] == [])
        }
    }

    @Test("JSON records with an inferred schema read back with widened types and the schema in the metadata")
    func inferredRecords() async throws {
        let records: [JSONValue] = [
            ["id": 1, "name": "alpha", "score": 3, "meta": ["k": "v"], "mixed": 1, "flag": true],
            ["id": 2, "score": 2.5, "mixed": "two", "extra": nil],
            ["id": 3, "name": "gamma", "meta": [1, 2], "mixed": false, "flag": false],
        ]
        let schema = try RowSchema.infer(from: records)
        #expect(schema.columns.map(\.name) == ["id", "name", "score", "meta", "mixed", "flag", "extra"])
        #expect(schema.columns.map(\.type) == [.int64, .string, .double, .json, .string, .boolean, .string])
        let expectedRows: [[RowValue]] = [
            [.int(1), .string("alpha"), .double(3), .json(["k": "v"]), .string("1"), .bool(true), .null],
            [.int(2), .null, .double(2.5), .null, .string("two"), .null, .null],
            [.int(3), .string("gamma"), .null, .json([1, 2]), .string("false"), .bool(false), .null],
        ]
        var options = ParquetWriterOptions()
        options.jobID = "job-42"
        options.keyValueMetadata = ["source": "servicenow"]
        try await withTemporaryDirectory { directory in
            let path = directory + "/records.parquet"
            let writer = try ParquetWriter(schema: schema, sink: try FileByteSink(path: path), options: options)
            try await writer.write(records: records.compactMap(\.objectValue))
            try await writer.write(record: ["id": 4, "unknown": "dropped"])
            let summary = try await writer.finish()
            #expect(summary.ignoredFieldCount == 1)
            let result = try ReaderScript.read(path)
            expectReadBack(
                Table(schema: schema, rows: expectedRows + [[.int(4), .null, .null, .null, .null, .null, .null]]),
                result)
            let metadata = result["pyarrow"]?["key_value"]
            #expect(metadata?["backfill.job_id"] == "job-42")
            #expect(metadata?["source"] == "servicenow")
            #expect(metadata?["backfill.schema"]?.stringValue?.hasPrefix("{\"inferred\":true,") == true)
        }
    }

    @Test("double statistics skip NaN and write a zero min as -0.0 and a zero max as +0.0")
    func doubleStatisticsRules() async throws {
        let schema = try RowSchema([.init("zeroMin", .double), .init("zeroMax", .double), .init("onlyNaN", .double)])
        let rows: [[RowValue]] = [
            [.double(0.0), .double(-1.5), .double(.nan)],
            [.double(.nan), .double(-0.0), .null],
            [.double(2.5), .double(.nan), .double(-.nan)],
        ]
        let table = Table(schema: schema, rows: rows)
        try await withTemporaryDirectory { directory in
            let path = directory + "/doubles.parquet"
            _ = try await table.writeParquet(to: path)
            let result = try ReaderScript.read(path)
            expectReadBack(table, result)
            let chunks = try #require(result["pyarrow"]?["row_groups"]?.arrayValue?.first?["columns"]?.arrayValue)
            #expect(chunks[0]["min"] == "d:8000000000000000")
            #expect(chunks[0]["max"] == Table.doubleText(2.5))
            #expect(chunks[1]["max"] == "d:0000000000000000")
            #expect(chunks[2]["has_min_max"] == false)
        }
    }
}
