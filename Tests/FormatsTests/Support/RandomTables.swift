import Formats
import JSON
import SeededRandom

/// Random schemas and rows for property tests: unicode text, empty and very long strings, every integer
/// width's extremes, NaN, infinities, signed zeros, arbitrary bytes, nested JSON.
struct RandomTables {
    var generator: SeededRandom

    init(seed: UInt64) { generator = SeededRandom(seed: seed) }

    mutating func table() throws -> Table {
        let columnCount = Int.random(in: 1...8, using: &generator)
        var columns: [RowSchema.Column] = []
        for index in 0..<columnCount {
            let type = ColumnType.allCases.randomElement(using: &generator)!
            let encoding = [RowSchema.Encoding.automatic, .plain, .dictionary].randomElement(using: &generator)!
            let name = index % 3 == 2 ? "colonne_\(index)_é✓" : "c\(index)_\(type.rawValue)"
            columns.append(.init(name, type, nullable: Bool.random(using: &generator), encoding: encoding))
        }
        let schema = try RowSchema(columns)
        let rowCount = [0, 1, 7, 64, 300, 1500].randomElement(using: &generator)!
        let lowCardinality = columns.map { _ in Bool.random(using: &generator) }
        var rows: [[RowValue]] = []
        for _ in 0..<rowCount {
            rows.append(
                columns.enumerated().map { index, column in
                    if column.isNullable && Int.random(in: 0..<5, using: &generator) == 0 { return .null }
                    return value(column.type, lowCardinality: lowCardinality[index])
                })
        }
        return Table(schema: schema, rows: rows)
    }

    mutating func options() -> ParquetWriterOptions {
        var options = ParquetWriterOptions(
            compression: Bool.random(using: &generator)
                ? .uncompressed : .gzip(level: Int.random(in: 1...9, using: &generator)))
        options.maxRowsPerPage = [5, 100, 20_000].randomElement(using: &generator)!
        options.rowGroupSize = [2_048, 64 * 1024, 32 << 20].randomElement(using: &generator)!
        options.dictionaryPageSizeLimit = [64, 1 << 20].randomElement(using: &generator)!
        return options
    }

    mutating func value(_ type: ColumnType, lowCardinality: Bool) -> RowValue {
        switch type {
        case .boolean:
            return .bool(Bool.random(using: &generator))
        case .int32:
            let extremes: [Int64] = [Int64(Int32.min), Int64(Int32.max), 0, -1, 1]
            return .int(pick(extremes) ?? Int64(Int32.random(in: .min ... .max, using: &generator)))
        case .int64:
            return .int(pick([Int64.min, Int64.max, 0, -1, 1]) ?? Int64.random(in: .min ... .max, using: &generator))
        case .double:
            let special: [Double] = [
                .nan, .infinity, -.infinity, 0.0, -0.0, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
                .leastNonzeroMagnitude, .leastNormalMagnitude, 1.0 / 3.0,
            ]
            return .double(pick(special) ?? Double(bitPattern: generator.next()))
        case .string:
            return .string(lowCardinality ? ["", "α", "beta", "日本"].randomElement(using: &generator)! : text())
        case .json:
            return .json(json(depth: 0))
        case .binary:
            let count = Int.random(in: 0...40, using: &generator)
            return .bytes((0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) })
        case .date:
            return .date(
                daysSince1970: pick([-719_162, 2_932_896, 0, -1])
                    ?? Int32.random(in: -719_162...2_932_896, using: &generator))
        case .timestampMillis:
            let range: ClosedRange<Int64> = -62_135_596_800_000...253_402_300_799_999
            return .timestamp(
                millisecondsSince1970: pick([range.lowerBound, range.upperBound, 0, -1])
                    ?? Int64.random(in: range, using: &generator))
        }
    }

    /// One of `values` a quarter of the time, nil otherwise.
    private mutating func pick<Value>(_ values: [Value]) -> Value? {
        Int.random(in: 0..<4, using: &generator) == 0 ? values.randomElement(using: &generator) : nil
    }

    /// Text from several scripts and planes (incl. combining marks, emoji, control characters), sometimes
    /// empty, sometimes longer than the statistics limit.
    mutating func text() -> String {
        let pools: [[Unicode.Scalar]] = [
            Array("abcXYZ 019_-\"\\/{}".unicodeScalars), Array("éüßçñ\u{301}\u{308}".unicodeScalars),
            Array("日本語中文한국어".unicodeScalars), Array("😀🚀🇩🇪𝄞".unicodeScalars),
            ["\u{0}", "\n", "\t", "\u{7F}", "\u{FEFF}"],
        ]
        let length = [0, 1, 5, 40, 5_000].randomElement(using: &generator)!
        var scalars = String.UnicodeScalarView()
        for _ in 0..<length {
            scalars.append(pools.randomElement(using: &generator)!.randomElement(using: &generator)!)
        }
        return String(scalars)
    }

    private mutating func json(depth: Int) -> JSONValue {
        // A top-level JSON null would be a SQL null; nulls come from the row generator instead.
        switch Int.random(in: (depth == 0 ? 1 : 0)..<(depth > 2 ? 5 : 7), using: &generator) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2: return .int(Int64.random(in: .min ... .max, using: &generator))
        case 3: return .double(Double.random(in: -1e6...1e6, using: &generator))
        case 4: return .string(text())
        case 5: return .array((0..<Int.random(in: 0...3, using: &generator)).map { _ in json(depth: depth + 1) })
        default:
            var object = JSONObject()
            for index in 0..<Int.random(in: 0...3, using: &generator) {
                object["k\(index)" + text().prefix(3)] = json(depth: depth + 1)
            }
            return .object(object)
        }
    }
}
