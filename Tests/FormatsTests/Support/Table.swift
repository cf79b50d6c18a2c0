import Formats
import JSON

/// A schema with rows, and what readers must report for them: values normalised as `read_parquet.py` prints
/// them, and per-row-group statistics computed independently of the writer.
struct Table {
    var schema: RowSchema
    var rows: [[RowValue]]

    /// Writes every row with a `ParquetWriter` into `path`.
    func writeParquet(to path: String, options: ParquetWriterOptions = .init()) async throws -> RowWriterSummary {
        let writer = try ParquetWriter(schema: schema, sink: try FileByteSink(path: path), options: options)
        try await writer.write(contentsOf: rows)
        return try await writer.finish()
    }

    /// The column's values as the reader script prints them.
    func expectedValues(column index: Int) -> [JSONValue] {
        rows.map { Self.normalized($0[index], schema.columns[index].type) }
    }

    static func normalized(_ value: RowValue, _ type: ColumnType) -> JSONValue {
        switch value {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .int(let number): type == .double ? doubleText(Double(number)) : .int(number)
        case .double(let number): doubleText(number)
        case .string(let text): type == .binary ? .string("b:" + hex(Array(text.utf8))) : .string(text)
        case .bytes(let bytes): .string("b:" + hex(bytes))
        case .json(let json): json == .null ? .null : .string(json.serialized())
        case .date(let days): .int(Int64(days))
        case .timestamp(let milliseconds): .int(milliseconds)
        }
    }

    static func doubleText(_ value: Double) -> JSONValue {
        guard !value.isNaN else { return "d:nan" }
        let digits = String(value.bitPattern, radix: 16)
        return .string("d:" + String(repeating: "0", count: 16 - digits.count) + digits)
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var output: [UInt8] = []
        for byte in bytes { output += [digits[Int(byte >> 4)], digits[Int(byte & 0xF)]] }
        return String(decoding: output, as: UTF8.self)
    }

    /// Expected (null count, min, max) of one column over `rows`; min and max nil when there is none.
    func expectedStatistics(column index: Int, rows range: Range<Int>) -> (nulls: Int, min: JSONValue?, max: JSONValue?)
    {
        let type = schema.columns[index].type
        var nulls = 0
        var integers: [Int64] = []
        var doubles: [Double] = []
        var byteStrings: [[UInt8]] = []
        for row in rows[range] {
            switch row[index] {
            case .null: nulls += 1
            case .json(.null): nulls += 1
            case .bool(let flag): integers.append(flag ? 1 : 0)
            case .int(let number):
                if type == .double { doubles.append(Double(number)) } else { integers.append(number) }
            case .double(let number): if !number.isNaN { doubles.append(number) }
            case .date(let days): integers.append(Int64(days))
            case .timestamp(let milliseconds): integers.append(milliseconds)
            case .string(let text): byteStrings.append(Array(text.utf8))
            case .bytes(let bytes): byteStrings.append(bytes)
            case .json(let json): byteStrings.append(Array(json.serialized().utf8))
            }
        }
        switch type {
        case .boolean:
            guard let low = integers.min(), let high = integers.max() else { return (nulls, nil, nil) }
            return (nulls, .bool(low == 1), .bool(high == 1))
        case .int32, .int64, .date, .timestampMillis:
            guard let low = integers.min(), let high = integers.max() else { return (nulls, nil, nil) }
            return (nulls, .int(low), .int(high))
        case .double:
            guard let low = doubles.min(), let high = doubles.max() else { return (nulls, nil, nil) }
            return (nulls, Self.doubleText(low == 0 ? -0.0 : low), Self.doubleText(high == 0 ? 0.0 : high))
        case .string, .json, .binary:
            let sorted = byteStrings.sorted { $0.lexicographicallyPrecedes($1) }
            guard let low = sorted.first, let high = sorted.last, low.count <= 4096, high.count <= 4096 else {
                return (nulls, nil, nil)
            }
            if type == .binary { return (nulls, .string("b:" + Self.hex(low)), .string("b:" + Self.hex(high))) }
            return (
                nulls, .string(String(decoding: low, as: UTF8.self)), .string(String(decoding: high, as: UTF8.self))
            )
        }
    }
}
