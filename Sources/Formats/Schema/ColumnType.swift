/// The logical type of a column, as readers (Athena, DuckDB, Spark, pandas) will see it.
public enum ColumnType: String, Sendable, Hashable, CaseIterable {
    /// BOOLEAN.
    case boolean
    /// INT32 (a 32-bit signed integer).
    case int32
    /// INT64 (a 64-bit signed integer).
    case int64
    /// DOUBLE (IEEE 754 binary64).
    case double
    /// BYTE_ARRAY annotated STRING (UTF-8 text).
    case string
    /// BYTE_ARRAY annotated JSON (UTF-8 JSON text); nested objects and arrays of inferred schemas.
    case json
    /// BYTE_ARRAY without annotation (opaque bytes).
    case binary
    /// INT32 annotated DATE (days since 1970-01-01).
    case date
    /// INT64 annotated TIMESTAMP(MILLIS, isAdjustedToUTC=true) (milliseconds since 1970-01-01T00:00:00Z).
    case timestampMillis = "timestamp_millis"

    /// Parquet's physical type.
    var physicalType: PhysicalType {
        switch self {
        case .boolean: .boolean
        case .int32, .date: .int32
        case .int64, .timestampMillis: .int64
        case .double: .double
        case .string, .json, .binary: .byteArray
        }
    }

    /// Whether string-like values of this type are candidates for dictionary encoding.
    var isDictionaryCandidate: Bool {
        self == .string || self == .json || self == .binary
    }
}

/// Parquet's physical (storage) types, with their Thrift enum values.
enum PhysicalType: Int32 {
    case boolean = 0
    case int32 = 1
    case int64 = 2
    case double = 5
    case byteArray = 6
}
