/// Parquet's Thrift enums (values from `parquet.thrift`) used by this writer.
enum ParquetEncoding: Int32, Comparable {
    case plain = 0
    case rle = 3
    case rleDictionary = 8

    static func < (lhs: ParquetEncoding, rhs: ParquetEncoding) -> Bool { lhs.rawValue < rhs.rawValue }
}

enum ParquetPageType: Int32 {
    case dataPage = 0
    case dictionaryPage = 2
}

/// What one column chunk's footer entry says about it.
struct ColumnChunkMetadata {
    var physicalType: PhysicalType
    var encodings: [ParquetEncoding]
    var path: String
    var codec: Int32
    var valueCount: Int64
    var uncompressedSize: Int64
    var compressedSize: Int64
    var dataPageOffset: Int64
    var dictionaryPageOffset: Int64?
    var statistics: EncodedStatistics
    /// (page type, encoding, page count) triples.
    var encodingStats: [(ParquetPageType, ParquetEncoding, Int32)]
}

/// Column statistics in their footer form: min and max as plain-encoded bytes (absent when unknown).
struct EncodedStatistics {
    var nullCount: Int64
    var min: [UInt8]?
    var max: [UInt8]?
}

/// One row group's footer entry.
struct RowGroupMetadata {
    var columns: [ColumnChunkMetadata]
    var rowCount: Int64
    var fileOffset: Int64
}

/// Thrift compact encodings of page headers and the file footer (`FileMetaData`).
enum ParquetThrift {
    /// A `PageHeader` of a data page v1.
    static func dataPageHeader(
        uncompressedSize: Int, compressedSize: Int, valueCount: Int, encoding: ParquetEncoding
    ) -> [UInt8] {
        var writer = ThriftCompactWriter()
        writer.i32(1, ParquetPageType.dataPage.rawValue)
        writer.i32(2, Int32(uncompressedSize))
        writer.i32(3, Int32(compressedSize))
        writer.beginStruct(5)
        writer.i32(1, Int32(valueCount))
        writer.i32(2, encoding.rawValue)
        writer.i32(3, ParquetEncoding.rle.rawValue)  // definition levels (absent for required columns)
        writer.i32(4, ParquetEncoding.rle.rawValue)  // repetition levels (absent: flat schema)
        writer.endStruct()
        return writer.finishTopLevel()
    }

    /// A `PageHeader` of a dictionary page (PLAIN-encoded values).
    static func dictionaryPageHeader(uncompressedSize: Int, compressedSize: Int, valueCount: Int) -> [UInt8] {
        var writer = ThriftCompactWriter()
        writer.i32(1, ParquetPageType.dictionaryPage.rawValue)
        writer.i32(2, Int32(uncompressedSize))
        writer.i32(3, Int32(compressedSize))
        writer.beginStruct(7)
        writer.i32(1, Int32(valueCount))
        writer.i32(2, ParquetEncoding.plain.rawValue)
        writer.endStruct()
        return writer.finishTopLevel()
    }

    /// The `FileMetaData` footer (format version 2).
    static func fileMetadata(
        schema: RowSchema, rowGroups: [RowGroupMetadata], keyValues: [(String, String)], createdBy: String
    ) -> [UInt8] {
        var writer = ThriftCompactWriter()
        writer.i32(1, 2)
        writer.beginList(2, .struct, count: schema.columns.count + 1)
        writer.beginStructValue()
        writer.string(4, "schema")
        writer.i32(5, Int32(schema.columns.count))
        writer.endStruct()
        for column in schema.columns { schemaElement(column, into: &writer) }
        writer.i64(3, rowGroups.reduce(0) { $0 + $1.rowCount })
        writer.beginList(4, .struct, count: rowGroups.count)
        for (ordinal, rowGroup) in rowGroups.enumerated() { self.rowGroup(rowGroup, ordinal: ordinal, into: &writer) }
        writer.beginList(5, .struct, count: keyValues.count)
        for (key, value) in keyValues {
            writer.beginStructValue()
            writer.string(1, key)
            writer.string(2, value)
            writer.endStruct()
        }
        writer.string(6, createdBy)
        writer.beginList(7, .struct, count: schema.columns.count)
        for _ in schema.columns {
            writer.beginStructValue()  // ColumnOrder union: TYPE_ORDER (type-defined ordering).
            writer.beginStruct(1)
            writer.endStruct()
            writer.endStruct()
        }
        return writer.finishTopLevel()
    }

    private static func schemaElement(_ column: RowSchema.Column, into writer: inout ThriftCompactWriter) {
        writer.beginStructValue()
        writer.i32(1, column.type.physicalType.rawValue)
        writer.i32(3, column.isNullable ? 1 : 0)
        writer.string(4, column.name)
        // ConvertedType for older readers, LogicalType (a union of empty or small structs) for newer ones.
        switch column.type {
        case .string:
            writer.i32(6, 0)
            writer.beginStruct(10)
            writer.beginStruct(1)
            writer.endStruct()
            writer.endStruct()
        case .json:
            writer.i32(6, 19)
            writer.beginStruct(10)
            writer.beginStruct(12)
            writer.endStruct()
            writer.endStruct()
        case .date:
            writer.i32(6, 6)
            writer.beginStruct(10)
            writer.beginStruct(6)
            writer.endStruct()
            writer.endStruct()
        case .timestampMillis:
            writer.i32(6, 9)
            writer.beginStruct(10)
            writer.beginStruct(8)
            writer.bool(1, true)  // isAdjustedToUTC
            writer.beginStruct(2)  // unit: MILLIS
            writer.beginStruct(1)
            writer.endStruct()
            writer.endStruct()
            writer.endStruct()
            writer.endStruct()
        case .boolean, .int32, .int64, .double, .binary:
            break
        }
        writer.endStruct()
    }

    private static func rowGroup(_ group: RowGroupMetadata, ordinal: Int, into writer: inout ThriftCompactWriter) {
        writer.beginStructValue()
        writer.beginList(1, .struct, count: group.columns.count)
        var chunkOffset = group.fileOffset
        for column in group.columns {
            columnChunk(column, fileOffset: chunkOffset, into: &writer)
            chunkOffset += column.compressedSize
        }
        writer.i64(2, group.columns.reduce(0) { $0 + $1.uncompressedSize })
        writer.i64(3, group.rowCount)
        writer.i64(5, group.fileOffset)
        writer.i64(6, group.columns.reduce(0) { $0 + $1.compressedSize })
        writer.i16(7, Int16(truncatingIfNeeded: ordinal))
        writer.endStruct()
    }

    private static func columnChunk(
        _ chunk: ColumnChunkMetadata, fileOffset: Int64, into writer: inout ThriftCompactWriter
    ) {
        writer.beginStructValue()
        writer.i64(2, fileOffset)
        writer.beginStruct(3)
        writer.i32(1, chunk.physicalType.rawValue)
        writer.beginList(2, .i32, count: chunk.encodings.count)
        for encoding in chunk.encodings { writer.i32Value(encoding.rawValue) }
        writer.beginList(3, .binary, count: 1)
        writer.stringValue(chunk.path)
        writer.i32(4, chunk.codec)
        writer.i64(5, chunk.valueCount)
        writer.i64(6, chunk.uncompressedSize)
        writer.i64(7, chunk.compressedSize)
        writer.i64(9, chunk.dataPageOffset)
        if let offset = chunk.dictionaryPageOffset { writer.i64(11, offset) }
        writer.beginStruct(12)
        writer.i64(3, chunk.statistics.nullCount)
        if let max = chunk.statistics.max, let min = chunk.statistics.min {
            writer.binary(5, max)
            writer.binary(6, min)
        }
        writer.endStruct()
        writer.beginList(13, .struct, count: chunk.encodingStats.count)
        for (pageType, encoding, count) in chunk.encodingStats {
            writer.beginStructValue()
            writer.i32(1, pageType.rawValue)
            writer.i32(2, encoding.rawValue)
            writer.i32(3, count)
            writer.endStruct()
        }
        writer.endStruct()
        writer.endStruct()
    }
}
