import JSON

/// Encodes one column's values into data pages (PLAIN or RLE_DICTIONARY, definition levels in the RLE hybrid),
/// compresses each page as it fills, and hands out the finished column chunk at the end of a row group.
struct ColumnChunkWriter {
    let column: RowSchema.Column
    let physicalType: PhysicalType
    let options: ParquetWriterOptions
    let deflater: Deflater?

    // The open page.
    var levels: [UInt8] = []
    var plain: [UInt8] = []
    var indices: [UInt32] = []
    var pageValues = 0
    var pageNonNullValues = 0
    var pageBooleans = 0

    // The open column chunk.
    var dictionary = ByteDictionary()
    var dictionaryAccepting: Bool
    var dictionaryDecided = false
    var dictionaryAbandoned = false
    var pages: [UInt8] = []
    var pageCounts: [ParquetEncoding: Int32] = [:]
    var chunkValues: Int64 = 0
    var chunkUncompressedSize: Int64 = 0
    var statistics = ColumnStatistics()
    var scratch: [UInt8] = []
    /// Minimum non-null values seen before deciding whether a dictionary pays off.
    static let dictionaryDecisionValues = 1000

    init(column: RowSchema.Column, options: ParquetWriterOptions, deflater: Deflater?) {
        self.column = column
        self.physicalType = column.type.physicalType
        self.options = options
        self.deflater = deflater
        self.dictionaryAccepting = column.type.isDictionaryCandidate && column.encoding != .plain
    }

    /// Bytes this column holds in memory now (finished pages, the open page, the dictionary).
    var bufferedBytes: Int {
        pages.count + plain.count + indices.count + levels.count / 8 + dictionary.plainEncoded.count
    }

    /// Adds one prepared value (a row's cell).
    mutating func append(_ value: PreparedValue) throws(FormatsError) {
        switch value {
        case .null:
            levels.append(0)
            statistics.addNull()
            pageValues += 1
            if pageValues >= options.maxRowsPerPage { try flushPage() }
            return
        case .boolean(let flag):
            if pageBooleans % 8 == 0 { plain.append(0) }
            if flag { plain[plain.count - 1] |= 1 << UInt8(pageBooleans % 8) }
            pageBooleans += 1
            statistics.add(integer: flag ? 1 : 0)
        case .integer(let number):
            if physicalType == .int32 { appendFixed(Int32(truncatingIfNeeded: number)) } else { appendFixed(number) }
        case .double(let number):
            statistics.add(double: number)
            withUnsafeBytes(of: number.bitPattern.littleEndian) { plain.append(contentsOf: $0) }
        case .text(var text):
            text.withUTF8 { appendBytes(UnsafeRawBufferPointer($0)) }
        case .json(let json):
            json.serializedBytes().withUnsafeBytes { appendBytes($0) }
        case .bytes(let bytes):
            bytes.withUnsafeBytes { appendBytes($0) }
        }
        if column.isNullable { levels.append(1) }
        pageNonNullValues += 1
        pageValues += 1
        if pageValues >= options.maxRowsPerPage || plain.count + indices.count >= options.pageSize {
            try flushPage()
        }
    }

    private mutating func appendFixed<Value: FixedWidthInteger>(_ value: Value) {
        statistics.add(integer: Int64(value))
        withUnsafeBytes(of: value.littleEndian) { plain.append(contentsOf: $0) }
    }

    private mutating func appendBytes(_ bytes: UnsafeRawBufferPointer) {
        if dictionaryAccepting {
            let (index, inserted) = dictionary.index(of: bytes)
            if inserted { statistics.add(bytes: bytes) }
            indices.append(index)
        } else {
            statistics.add(bytes: bytes)
            withUnsafeBytes(of: UInt32(bytes.count).littleEndian) { plain.append(contentsOf: $0) }
            plain.append(contentsOf: bytes)
        }
    }
}
