import Formats

/// Reads one gzip data file of an export as it streams in: compressed chunks go in (an S3 GET body), complete
/// lines come out, each only valid during its callback. Lines are handed out where they lie in the inflated
/// buffer; only a line cut by a chunk boundary is copied. Memory is bounded by the inflate buffer plus the
/// longest line (a DynamoDB item is at most 400 KB; longer lines are an error).
public final class ExportDataFileReader {
    /// Which gzip decoder inflates the files.
    public enum Engine: Sendable {
        /// `GzipDecoder`, the Swift decoder (the default: about twice zlib's speed).
        case swift
        /// zlib's inflate (`Inflater`), the fallback.
        case zlib
    }

    /// The engine readers use unless told otherwise.
    public static let defaultEngine = Engine.swift

    private let inflater: Inflater?
    private let decoder: GzipDecoder?
    private var carry: [UInt8] = []
    /// The longest line accepted, in bytes.
    public let maximumLineLength: Int

    /// Compressed bytes consumed so far.
    public var compressedCount: Int { decoder?.compressedCount ?? inflater?.compressedCount ?? 0 }
    /// Decompressed bytes (JSON) produced so far.
    public var decompressedCount: Int { decoder?.decompressedCount ?? inflater?.decompressedCount ?? 0 }

    /// A reader inflating about `chunkSize` bytes at a time with `engine`.
    public init(
        chunkSize: Int = 1 << 20, maximumLineLength: Int = 16 << 20, engine: Engine = defaultEngine
    ) throws(AnalyticsError) {
        switch engine {
        case .swift:
            decoder = GzipDecoder(chunkSize: chunkSize)
            inflater = nil
        case .zlib:
            decoder = nil
            do {
                inflater = try Inflater(chunkSize: chunkSize)
            } catch {
                throw AnalyticsError(.unreadableDataFile, error.description)
            }
        }
        self.maximumLineLength = maximumLineLength
    }

    /// Starts the next file.
    public func reset() {
        decoder?.reset()
        inflater?.reset()
        carry.removeAll(keepingCapacity: true)
    }

    /// Inflates `compressed` and calls `line` with every line it completes (without the newline).
    public func feed(
        _ compressed: UnsafeRawBufferPointer, line: (UnsafeRawBufferPointer) -> Void
    ) throws(AnalyticsError) {
        if let decoder {
            return try decoder.feed(compressed) { chunk throws(AnalyticsError) in try split(chunk, line: line) }
        }
        do {
            try inflater?.feed(compressed) { chunk in try split(chunk, line: line) }
        } catch let error as AnalyticsError {
            throw error
        } catch {
            throw AnalyticsError(.unreadableDataFile, "\(error)")
        }
    }

    /// Feeds compressed bytes held in an array.
    public func feed(_ compressed: [UInt8], line: (UnsafeRawBufferPointer) -> Void) throws(AnalyticsError) {
        var failure: AnalyticsError?
        compressed.withUnsafeBytes { buffer in
            do throws(AnalyticsError) { try feed(buffer, line: line) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Ends the file: hands out a last line without a newline, and checks the gzip stream was complete.
    public func finish(line: (UnsafeRawBufferPointer) -> Void) throws(AnalyticsError) {
        try decoder?.finish()
        do {
            try inflater?.finish()
        } catch {
            throw AnalyticsError(.unreadableDataFile, error.description)
        }
        if !carry.isEmpty {
            carry.withUnsafeBytes { line($0) }
            carry.removeAll(keepingCapacity: true)
        }
    }

    private func split(_ chunk: UnsafeRawBufferPointer, line: (UnsafeRawBufferPointer) -> Void) throws(AnalyticsError) {
        guard let base = chunk.baseAddress else { return }
        var start = 0
        let count = chunk.count
        if !carry.isEmpty {
            // Complete the line the previous chunk cut.
            guard let newline = memchr(base, 0x0A, count) else {
                try append(UnsafeRawBufferPointer(start: base, count: count))
                return
            }
            let end = UnsafeRawPointer(newline) - base
            try append(UnsafeRawBufferPointer(start: base, count: end))
            carry.withUnsafeBytes { line($0) }
            carry.removeAll(keepingCapacity: true)
            start = end + 1
        }
        while start < count {
            guard let newline = memchr(base + start, 0x0A, count - start) else {
                try append(UnsafeRawBufferPointer(start: base + start, count: count - start))
                return
            }
            let end = UnsafeRawPointer(newline) - base
            if end - start > maximumLineLength { try tooLong() }
            line(UnsafeRawBufferPointer(start: base + start, count: end - start))
            start = end + 1
        }
    }

    private func append(_ bytes: UnsafeRawBufferPointer) throws(AnalyticsError) {
        if carry.count + bytes.count > maximumLineLength { try tooLong() }
        carry.append(contentsOf: bytes)
    }

    private func tooLong() throws(AnalyticsError) {
        throw AnalyticsError(
            .unreadableDataFile, "a line is longer than \(maximumLineLength) bytes",
            context: ["decompressedOffset": String(decompressedCount)])
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
