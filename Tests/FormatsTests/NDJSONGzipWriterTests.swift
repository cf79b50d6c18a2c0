import Formats
import JSON
import Testing

@Suite("NDJSON.gz files read back by Python's gzip and json and by duckdb")
struct NDJSONGzipWriterTests {
    /// The JSON object a row must become, for comparison after a round trip through Python.
    static func expectedLine(_ row: [RowValue], _ schema: RowSchema) -> JSONValue {
        var object = JSONObject()
        for (value, column) in zip(row, schema.columns) {
            object[column.name] = expectedJSON(value, column.type)
        }
        return .object(object)
    }

    static func expectedJSON(_ value: RowValue, _ type: ColumnType) -> JSONValue {
        switch value {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .int(let number): type == .double ? .double(Double(number)) : .int(number)
        case .double(let number): number.isFinite ? .double(number) : .null
        case .string(let text): .string(text)
        case .json(let json): json
        case .bytes(let bytes): .string(bytes == [0, 255, 1] ? "AP8B" : "?")
        case .date(let days): .string(days == 20_001 ? "2024-10-05" : "?")
        case .timestamp(let milliseconds): .string(milliseconds == 1_763_712_000_125 ? "2025-11-21T08:00:00.125Z" : "?")
        }
    }

    @Test("every column type becomes the JSON readers expect, one object a line", arguments: [64, 1 << 20])
    func roundTrip(chunkSize: Int) async throws {
        let schema = try RowSchema([
            .init("id", .int64), .init("ok", .boolean), .init("x", .double), .init("name", .string),
            .init("payload", .json), .init("raw", .binary), .init("day", .date), .init("at", .timestampMillis),
        ])
        var rows: [[RowValue]] = []
        for index in 0..<500 {
            rows.append([
                .int(Int64(index) - 250), index % 3 == 0 ? .null : .bool(index % 2 == 0),
                [.double(1.5), .double(.nan), .double(-.infinity), .int(7)][index % 4],
                .string("näme \"\(index)\"\n\u{1}"), .json(["n": .int(Int64(index)), "l": [true, nil]]),
                .bytes([0, 255, 1]), .date(daysSince1970: 20_001), .timestamp(millisecondsSince1970: 1_763_712_000_125),
            ])
        }
        try await withTemporaryDirectory { directory in
            let path = directory + "/rows.json.gz"
            let sink = try FileByteSink(path: path)
            let writer = try NDJSONGzipWriter(schema: schema, sink: sink, chunkSize: chunkSize)
            try await writer.write(contentsOf: rows)
            let summary = try await writer.finish()
            #expect(summary.rowCount == rows.count)
            #expect(summary.byteCount == (await sink.bytesWritten))
            let result = try ReaderScript.read(path)
            #expect(result["duckdb_count"] == .int(Int64(rows.count)))
            let lines = try #require(result["python_gzip"]?.arrayValue)
            #expect(lines.count == rows.count)
            for (index, line) in lines.enumerated() where index < rows.count {
                let parsed = try JSONParser.parse(line.stringValue ?? "").serialized(sortedKeys: true)
                let expected = Self.expectedLine(rows[index], schema).serialized(sortedKeys: true)
                guard parsed == expected else {
                    Issue.record("row \(index): read \(parsed), wrote \(expected)")
                    break
                }
            }
        }
    }

    @Test("the row format option builds either writer with the right file extension")
    func rowFormat() async throws {
        let schema = try RowSchema([.init("id", .int64)])
        for format in RowFormat.allCases {
            let sink = MemoryByteSink()
            let writer = try format.makeWriter(schema: schema, sink: sink)
            try await writer.write(record: ["id": 1])
            _ = try await writer.finish()
            let bytes = await sink.bytes
            switch format {
            case .parquet: #expect(bytes.prefix(4) == Array("PAR1".utf8)[...] && format.fileExtension == ".parquet")
            case .ndjsonGzip: #expect(bytes.prefix(2) == [0x1F, 0x8B] && format.fileExtension == ".json.gz")
            }
        }
    }
}
