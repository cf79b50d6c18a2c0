import Formats
import JSON
import Testing

/// The Parquet physical type, logical type (pyarrow's name) and DuckDB type each column type must have.
let expectedReaderTypes: [ColumnType: (physical: String, logical: String, duckdb: [String])] = [
    .boolean: ("BOOLEAN", "NONE", ["BOOLEAN"]),
    .int32: ("INT32", "NONE", ["INTEGER"]),
    .int64: ("INT64", "NONE", ["BIGINT"]),
    .double: ("DOUBLE", "NONE", ["DOUBLE"]),
    .string: ("BYTE_ARRAY", "STRING", ["VARCHAR"]),
    .json: ("BYTE_ARRAY", "JSON", ["JSON"]),
    .binary: ("BYTE_ARRAY", "NONE", ["BLOB"]),
    .date: ("INT32", "DATE", ["DATE"]),
    .timestampMillis: ("INT64", "TIMESTAMP", ["TIMESTAMP WITH TIME ZONE"]),
]

/// Checks everything both readers reported about a file written from `table`: row count, column names,
/// types and nullability, every value, and each row group's statistics.
func expectReadBack(_ table: Table, _ result: JSONValue, sourceLocation: SourceLocation = #_sourceLocation) {
    let pyarrow = result["pyarrow"] ?? .null
    let duckdb = result["duckdb"] ?? .null
    let names = table.schema.columns.map { JSONValue.string($0.name) }
    #expect(pyarrow["num_rows"] == .int(Int64(table.rows.count)), sourceLocation: sourceLocation)
    #expect(duckdb["num_rows"] == .int(Int64(table.rows.count)), sourceLocation: sourceLocation)
    #expect(duckdb["names"] == .array(names), sourceLocation: sourceLocation)
    #expect(pyarrow["format_version"] == "2.6", sourceLocation: sourceLocation)
    #expect(
        pyarrow["key_value"]?["backfill.schema"] == .string(table.schema.jsonDescription.serialized()),
        sourceLocation: sourceLocation)
    let columns = pyarrow["columns"]?.arrayValue ?? []
    let duckTypes = duckdb["types"]?.arrayValue ?? []
    #expect(columns.count == table.schema.columns.count, sourceLocation: sourceLocation)
    for (index, column) in table.schema.columns.enumerated() where index < columns.count {
        let expectedTypes = expectedReaderTypes[column.type]!
        let reported = columns[index]
        #expect(reported["name"] == .string(column.name), sourceLocation: sourceLocation)
        #expect(
            reported["physical_type"] == .string(expectedTypes.physical), "\(column.name)",
            sourceLocation: sourceLocation)
        #expect(
            reported["logical_type"] == .string(expectedTypes.logical), "\(column.name)", sourceLocation: sourceLocation
        )
        #expect(reported["nullable"] == .bool(column.isNullable), "\(column.name)", sourceLocation: sourceLocation)
        #expect(
            expectedTypes.duckdb.map(JSONValue.string).contains(duckTypes[safe: index] ?? .null),
            "\(column.name): duckdb type \(duckTypes[safe: index] ?? .null)", sourceLocation: sourceLocation)
        let expected = table.expectedValues(column: index)
        for (reader, values) in [
            ("pyarrow", pyarrow["values"]?[column.name]), ("duckdb", duckdb["values"]?[column.name]),
        ] {
            let actual = values?.arrayValue ?? []
            #expect(actual.count == expected.count, "\(reader) \(column.name) count", sourceLocation: sourceLocation)
            if let row = zip(actual, expected).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
                Issue.record(
                    "\(reader) \(column.name) row \(row): read \(actual[row].serialized()), wrote \(expected[row].serialized())",
                    sourceLocation: sourceLocation)
            }
        }
    }
    expectStatistics(table, pyarrow, sourceLocation: sourceLocation)
}

/// Statistics of every row group against ones computed from the rows.
func expectStatistics(_ table: Table, _ pyarrow: JSONValue, sourceLocation: SourceLocation) {
    var start = 0
    for group in pyarrow["row_groups"]?.arrayValue ?? [] {
        let count = Int(group["num_rows"]?.intValue ?? 0)
        let chunks = group["columns"]?.arrayValue ?? []
        for (index, column) in table.schema.columns.enumerated() where index < chunks.count {
            let expected = table.expectedStatistics(column: index, rows: start..<(start + count))
            let chunk = chunks[index]
            #expect(
                chunk["null_count"] == .int(Int64(expected.nulls)), "\(column.name) nulls",
                sourceLocation: sourceLocation)
            #expect(
                chunk["has_min_max"] == .bool(expected.min != nil), "\(column.name) has min/max",
                sourceLocation: sourceLocation)
            if let min = expected.min, let max = expected.max {
                #expect(chunk["min"] == min, "\(column.name) min", sourceLocation: sourceLocation)
                #expect(chunk["max"] == max, "\(column.name) max", sourceLocation: sourceLocation)
            }
        }
        start += count
    }
    #expect(start == table.rows.count, "row groups cover all rows", sourceLocation: sourceLocation)
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
