import Formats
import JSON
import Testing

@Suite("Schemas: validation, inference and value conversion")
struct SchemaTests {
    @Test("schemas reject no columns, empty names and duplicates")
    func validation() {
        #expect(throws: FormatsError.self) { try RowSchema([]) }
        #expect(throws: FormatsError.self) { try RowSchema([.init("", .int64)]) }
        #expect(throws: FormatsError.self) { try RowSchema([.init("a", .int64), .init("a", .string)]) }
    }

    @Test("inference keeps first-seen order, widens conflicts and makes every column nullable")
    func inference() throws {
        let schema = try RowSchema.infer(from: [
            ["a": 1, "b": nil, "c": "x", "d": 1],
            "not an object",
            ["e": [1], "a": 2.5, "c": 3, "d": ["k": 1], "f": true],
            ["f": 1],
        ])
        #expect(schema.columns.map(\.name) == ["a", "b", "c", "d", "e", "f"])
        #expect(schema.columns.map(\.type) == [.double, .string, .string, .json, .json, .string])
        #expect(schema.columns.allSatisfy { $0.isNullable })
        #expect(schema.isInferred)
    }

    @Test("inference needs at least one key")
    func inferenceNeedsKeys() {
        let batch: [JSONValue] = [.object([:]), "x"]
        #expect(throws: FormatsError.self) { try RowSchema.infer(from: batch) }
    }

    @Test(
        "JSON members convert leniently per column type",
        arguments: [
            (JSONValue.int(5), ColumnType.string, RowValue.string("5")),
            (.double(5.0), .int64, .int(5)),
            (.int(5), .double, .double(5)),
            (JSONValue.object(["k": 1]), .string, .string("{\"k\":1}")),
            ("2025-11-21", .date, .string("2025-11-21")),
            (.int(1_763_712_000_000), .timestampMillis, .timestamp(millisecondsSince1970: 1_763_712_000_000)),
            (.null, .int64, .null),
        ])
    func jsonConversion(input: JSONValue, type: ColumnType, expected: RowValue) {
        #expect(RowValue(json: input, for: type) == expected)
    }

    @Test(
        "RFC 3339 timestamps parse to epoch milliseconds",
        arguments: [
            ("2025-11-21T08:30:00Z", Int64(1_763_713_800_000)),
            ("2025-11-21T08:30:00.125Z", 1_763_713_800_125),
            ("2025-11-21 08:30:00.1234567z", 1_763_713_800_123),
            ("2025-11-21T09:30:00+01:00", 1_763_713_800_000),
            ("2025-11-21T03:00:00-05:30", 1_763_713_800_000),
            ("1969-12-31T23:59:59.999Z", -1),
            ("2025-11-21", 1_763_683_200_000),
        ])
    func timestamps(text: String, milliseconds: Int64) {
        #expect(TimestampText.millisecondsSince1970(text) == milliseconds)
    }

    @Test(
        "malformed timestamps are rejected",
        arguments: [
            "", "2025-11-21T08:30:00", "2025-13-01T00:00:00Z", "2025-11-21T24:00:00Z", "2025-11-21T08:30:00.Z",
            "2025-11-21T08:30:00+0100", "2025-11-21T08:30:00Zjunk",
        ])
    func malformedTimestamps(text: String) {
        #expect(TimestampText.millisecondsSince1970(text) == nil)
    }
}
