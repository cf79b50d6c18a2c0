public import JSON
public import Timekeeping

/// One value of a row. Which cases a column accepts depends on its type: see `RowSchema.Column`'s type and
/// the rules below; anything else is a `typeMismatch` error naming the column.
///
/// - `boolean`: `.bool`
/// - `int32`, `int64`: `.int` (range-checked for `int32`)
/// - `double`: `.double`, `.int`
/// - `string`: `.string`
/// - `json`: `.json`, or `.string` holding JSON text (written as given)
/// - `binary`: `.bytes`, `.string` (its UTF-8)
/// - `date`: `.date`, `.string` in `YYYY-MM-DD`
/// - `timestampMillis`: `.timestamp`, `.int` (epoch milliseconds), `.string` in RFC 3339
/// - any nullable column: `.null`
public enum RowValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case bytes([UInt8])
    case json(JSONValue)
    case date(daysSince1970: Int32)
    case timestamp(millisecondsSince1970: Int64)

    /// A date value from a civil date.
    public static func date(_ date: CivilDate) -> RowValue {
        .date(daysSince1970: Int32(clamping: date.daysSince1970))
    }

    /// A timestamp value from an instant.
    public static func timestamp(_ timestamp: Timestamp) -> RowValue {
        .timestamp(millisecondsSince1970: timestamp.millisecondsSince1970)
    }

    /// Converts a JSON record's member for a column of `type`, the lenient way `write(record:)` does: a JSON
    /// null is a null; a string column takes any scalar as its text and objects or arrays as compact JSON; a
    /// JSON column takes anything; integral doubles fit integer columns; dates and timestamps may be text
    /// (`YYYY-MM-DD`, RFC 3339) and timestamps epoch milliseconds.
    public init(json value: JSONValue, for type: ColumnType) {
        if case .null = value {
            self = .null
            return
        }
        switch (type, value) {
        case (.boolean, .bool(let flag)): self = .bool(flag)
        case (.int32, _), (.int64, _): self = value.intValue.map(RowValue.int) ?? .json(value)
        case (.double, _): self = value.doubleValue.map(RowValue.double) ?? .json(value)
        case (.string, .string(let text)), (.binary, .string(let text)), (.date, .string(let text)):
            self = .string(text)
        case (.string, _): self = .string(value.serialized())
        case (.json, _): self = .json(value)
        case (.timestampMillis, .string(let text)): self = .string(text)
        case (.timestampMillis, _): self = value.intValue.map { .timestamp(millisecondsSince1970: $0) } ?? .json(value)
        default: self = .json(value)  // rejected by the column as a type mismatch
        }
    }

    /// A short name of the case, for error messages (never the value itself).
    var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .int: "an integer"
        case .double: "a double"
        case .string: "a string"
        case .bytes: "bytes"
        case .json(let value): "JSON (\(value.typeDescription))"
        case .date: "a date"
        case .timestamp: "a timestamp"
        }
    }
}
