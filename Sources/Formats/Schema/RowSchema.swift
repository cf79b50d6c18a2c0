public import JSON

/// An ordered list of named, typed columns: what every row writer writes. Built explicitly, or inferred from
/// a batch of JSON records (`RowSchema.infer(from:)`).
public struct RowSchema: Sendable, Hashable {
    /// How a column's values are encoded in Parquet pages.
    public enum Encoding: String, Sendable, Hashable {
        /// Dictionary for string-like columns while it pays off (few distinct values), plain otherwise.
        case automatic
        /// Always plain.
        case plain
        /// Dictionary for string-like columns until the dictionary page limit, then plain.
        case dictionary
    }

    /// One column.
    public struct Column: Sendable, Hashable {
        /// The column name; unique within the schema.
        public var name: String
        public var type: ColumnType
        /// Whether values may be null (Parquet OPTIONAL); false means REQUIRED.
        public var isNullable: Bool
        public var encoding: Encoding

        public init(_ name: String, _ type: ColumnType, nullable: Bool = true, encoding: Encoding = .automatic) {
            self.name = name
            self.type = type
            self.isNullable = nullable
            self.encoding = encoding
        }
    }

    public private(set) var columns: [Column]
    /// Column positions by name.
    let columnIndex: [String: Int]
    /// Whether the columns were inferred from data rather than declared (recorded in the file metadata).
    public var isInferred: Bool

    /// A schema of `columns`, in order. Names must be non-empty and unique.
    public init(_ columns: [Column], isInferred: Bool = false) throws(FormatsError) {
        guard !columns.isEmpty else { throw FormatsError(.invalidSchema, "a schema needs at least one column") }
        var columnIndex: [String: Int] = [:]
        for (index, column) in columns.enumerated() {
            guard !column.name.isEmpty else { throw FormatsError(.invalidSchema, "a column name is empty") }
            guard columnIndex.updateValue(index, forKey: column.name) == nil else {
                throw FormatsError(.invalidSchema, "duplicate column name", context: ["column": column.name])
            }
        }
        self.columns = columns
        self.columnIndex = columnIndex
        self.isInferred = isInferred
    }

    /// The position of the column named `name`.
    public func index(of name: String) -> Int? {
        columnIndex[name]
    }

    /// The schema as JSON, stored in the file metadata under `backfill.schema`:
    /// `{"inferred":false,"columns":[{"name":"id","type":"int64","nullable":false},…]}`.
    public var jsonDescription: JSONValue {
        let columns: [JSONValue] = columns.map { column in
            .object([
                "name": .string(column.name), "type": .string(column.type.rawValue),
                "nullable": .bool(column.isNullable),
            ])
        }
        return .object(["inferred": .bool(isInferred), "columns": .array(columns)])
    }
}
