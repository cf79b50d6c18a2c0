/// The column chunk's pieces, ready for the file: the dictionary page (if any) and the data pages, with the
/// footer entry for them.
struct FinishedColumnChunk {
    var pieces: [[UInt8]]
    var metadata: ColumnChunkMetadata
}

extension ColumnChunkWriter {
    /// Closes the open page: encodes levels and values, compresses, and appends header and body to the chunk.
    mutating func flushPage() throws(FormatsError) {
        guard pageValues > 0 else { return }
        decideDictionary()
        var body: [UInt8] = []
        body.reserveCapacity(plain.count + indices.count + levels.count / 8 + 16)
        if column.isNullable {
            body += [0, 0, 0, 0]
            levels.withUnsafeBufferPointer { RLEHybridEncoder.encode($0, bitWidth: 1, into: &body) }
            let length = UInt32(body.count - 4).littleEndian
            withUnsafeBytes(of: length) { body.replaceSubrange(0..<4, with: $0) }
        }
        let encoding: ParquetEncoding
        if !indices.isEmpty {
            encoding = .rleDictionary
            let bitWidth = RLEHybridEncoder.bitWidth(forMaximum: dictionary.count - 1)
            body.append(UInt8(bitWidth))
            indices.withUnsafeBufferPointer { RLEHybridEncoder.encode($0, bitWidth: bitWidth, into: &body) }
        } else {
            encoding = .plain
            body += plain
        }
        let compressed = try compress(body)
        let header = ParquetThrift.dataPageHeader(
            uncompressedSize: body.count, compressedSize: compressed.count, valueCount: pageValues, encoding: encoding)
        pages += header
        pages += compressed
        chunkUncompressedSize += Int64(header.count + body.count)
        chunkValues += Int64(pageValues)
        pageCounts[encoding, default: 0] += 1
        levels.removeAll(keepingCapacity: true)
        plain.removeAll(keepingCapacity: true)
        indices.removeAll(keepingCapacity: true)
        pageValues = 0
        pageNonNullValues = 0
        pageBooleans = 0
        if dictionaryAccepting && dictionary.plainEncoded.count >= options.dictionaryPageSizeLimit {
            dictionaryAccepting = false  // the rest of this chunk is written plain
        }
    }

    /// With `automatic` encoding, gives up the dictionary for good once a page shows mostly distinct values
    /// (the open page is then re-encoded plain).
    private mutating func decideDictionary() {
        guard dictionaryAccepting, !dictionaryDecided, column.encoding == .automatic,
            pageNonNullValues >= Self.dictionaryDecisionValues
        else { return }
        dictionaryDecided = true
        guard dictionary.count * 2 > pageNonNullValues else { return }
        for index in indices {
            dictionary.withEntry(Int(index)) { bytes in
                withUnsafeBytes(of: UInt32(bytes.count).littleEndian) { plain.append(contentsOf: $0) }
                plain.append(contentsOf: bytes)
            }
        }
        indices.removeAll()
        dictionaryAccepting = false
        dictionaryAbandoned = true
        if pageCounts[.rleDictionary, default: 0] == 0 { dictionary = ByteDictionary() }
    }

    /// Ends the column chunk that starts at `fileOffset` and resets for the next row group.
    mutating func finishChunk(at fileOffset: Int64) throws(FormatsError) -> FinishedColumnChunk {
        try flushPage()
        var pieces: [[UInt8]] = []
        var dictionaryPageOffset: Int64?
        var compressedSize: Int64 = 0
        var encodingStats: [(ParquetPageType, ParquetEncoding, Int32)] = []
        let usesDictionary = pageCounts[.rleDictionary, default: 0] > 0
        if usesDictionary {
            let body = dictionary.plainEncoded
            let compressed = try compress(body)
            let header = ParquetThrift.dictionaryPageHeader(
                uncompressedSize: body.count, compressedSize: compressed.count, valueCount: dictionary.count)
            pieces.append(header + compressed)
            dictionaryPageOffset = fileOffset
            compressedSize += Int64(header.count + compressed.count)
            chunkUncompressedSize += Int64(header.count + body.count)
            encodingStats.append((.dictionaryPage, .plain, 1))
        }
        let dataPageOffset = fileOffset + compressedSize
        compressedSize += Int64(pages.count)
        for encoding in [ParquetEncoding.plain, .rleDictionary] {
            if let count = pageCounts[encoding] { encodingStats.append((.dataPage, encoding, count)) }
        }
        var encodings = Set(pageCounts.keys)
        if usesDictionary { encodings.insert(.plain) }
        if column.isNullable { encodings.insert(.rle) }
        let metadata = ColumnChunkMetadata(
            physicalType: physicalType,
            encodings: encodings.sorted(),
            path: column.name,
            codec: options.compression.codec,
            valueCount: chunkValues,
            uncompressedSize: chunkUncompressedSize,
            compressedSize: compressedSize,
            dataPageOffset: dataPageOffset,
            dictionaryPageOffset: dictionaryPageOffset,
            statistics: statistics.encoded(physicalType, maxSize: options.maxStatisticsSize),
            encodingStats: encodingStats
        )
        pieces.append(pages)
        pages = []
        pageCounts = [:]
        chunkValues = 0
        chunkUncompressedSize = 0
        statistics = ColumnStatistics()
        dictionary = ByteDictionary()
        dictionaryAccepting = column.type.isDictionaryCandidate && column.encoding != .plain && !dictionaryAbandoned
        return FinishedColumnChunk(pieces: pieces, metadata: metadata)
    }

    private mutating func compress(_ body: [UInt8]) throws(FormatsError) -> [UInt8] {
        guard let deflater else { return body }
        scratch.removeAll(keepingCapacity: true)
        var failure: FormatsError?
        body.withUnsafeBytes { buffer in
            do throws(FormatsError) {
                try deflater.compressWhole(buffer, appendingTo: &scratch)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return scratch
    }
}
