import JSON
import Timekeeping

/// A row value checked against its column and reduced to what gets stored: dates as days, timestamps as
/// milliseconds, text as text. Writers prepare a whole row before storing any of it, so a bad value rejects
/// the row and leaves the writer usable.
enum PreparedValue {
    case null
    case boolean(Bool)
    case integer(Int64)
    case double(Double)
    /// UTF-8 text: a string, JSON text given as a string, or binary given as a string.
    case text(String)
    case json(JSONValue)
    case bytes([UInt8])

    /// Checks `value` against `column` (see `RowValue` for what each type accepts).
    init(_ value: RowValue, for column: RowSchema.Column, row: Int) throws(FormatsError) {
        switch (column.type, value) {
        case (_, .null):
            guard column.isNullable else {
                throw FormatsError(
                    .missingRequiredValue, "null in a required column", context: Self.context(column, row))
            }
            self = .null
        case (.boolean, .bool(let flag)):
            self = .boolean(flag)
        case (.int32, .int(let number)):
            guard Int32(exactly: number) != nil else {
                throw FormatsError(.valueOutOfRange, "integer does not fit INT32", context: Self.context(column, row))
            }
            self = .integer(number)
        case (.int64, .int(let number)), (.timestampMillis, .timestamp(let number)),
            (.timestampMillis, .int(let number)):
            self = .integer(number)
        case (.double, .double(let number)):
            self = .double(number)
        case (.double, .int(let number)):
            self = .double(Double(number))
        case (.date, .date(let days)):
            self = .integer(Int64(days))
        case (.date, .string(let text)):
            guard let date = CivilDate(iso8601: text), let days = Int32(exactly: date.daysSince1970) else {
                throw FormatsError(.typeMismatch, "text is not a YYYY-MM-DD date", context: Self.context(column, row))
            }
            self = .integer(Int64(days))
        case (.timestampMillis, .string(let text)):
            guard let milliseconds = TimestampText.millisecondsSince1970(text) else {
                throw FormatsError(
                    .typeMismatch, "text is not an RFC 3339 timestamp", context: Self.context(column, row))
            }
            self = .integer(milliseconds)
        case (.string, .string(let text)), (.json, .string(let text)), (.binary, .string(let text)):
            self = .text(text)
        case (.json, .json(let json)):
            self = json == .null ? .null : .json(json)
            if case .null = self, !column.isNullable {
                throw FormatsError(
                    .missingRequiredValue, "null in a required column", context: Self.context(column, row))
            }
        case (.binary, .bytes(let bytes)):
            self = .bytes(bytes)
        default:
            throw FormatsError(
                .typeMismatch, "\(value.kindName) in a \(column.type.rawValue) column",
                context: Self.context(column, row))
        }
    }

    private static func context(_ column: RowSchema.Column, _ row: Int) -> [String: String] {
        ["column": column.name, "row": String(row)]
    }
}
