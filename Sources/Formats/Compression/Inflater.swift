import CZlib

/// zlib's inflate reading gzip (RFC 1952) chunk by chunk with bounded memory: compressed bytes go in as they
/// arrive (an S3 GET body, a file read), decompressed bytes come out in pieces of at most `chunkSize` bytes.
/// A stream of several gzip members (concatenated `.gz` files, as `gzip` and some writers produce) is read
/// to the end, as `zcat` does. One instance reads one stream; `reset()` prepares it for the next.
public final class Inflater {
    private let stream: UnsafeMutablePointer<z_stream>
    private let output: UnsafeMutableRawBufferPointer
    /// True before the first byte and right after a member's trailer: the stream may end here.
    private var atMemberBoundary = true
    /// Compressed bytes consumed and decompressed bytes produced so far.
    public private(set) var compressedCount = 0
    public private(set) var decompressedCount = 0

    /// An inflater that hands out decompressed bytes in pieces of at most `chunkSize` bytes.
    public init(chunkSize: Int = 256 * 1024) throws(FormatsError) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        output = .allocate(byteCount: max(chunkSize, 1024), alignment: 16)
        // windowBits 15 + 16 accepts exactly the gzip wrapper (header and CRC-32/length trailer checked).
        let status = bf_inflate_init2(stream, 15 + 16)
        guard status == Z_OK else {
            stream.deallocate()
            output.deallocate()
            throw FormatsError(.compressionFailed, "inflateInit2 failed with status \(status)")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
        output.deallocate()
    }

    /// Forgets the current stream so the next `feed` starts a new one.
    public func reset() {
        inflateReset(stream)
        atMemberBoundary = true
        compressedCount = 0
        decompressedCount = 0
    }

    /// Inflates all of `input` and calls `body` with each piece of decompressed bytes. The piece is only valid
    /// during the call (the inflater reuses its buffer). Throws on corrupt data; errors from `body` propagate.
    public func feed(
        _ input: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        guard let base = input.baseAddress, !input.isEmpty else { return }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: UInt8.self))
        stream.pointee.avail_in = uInt(input.count)
        defer {
            stream.pointee.next_in = nil
            stream.pointee.next_out = nil
        }
        while stream.pointee.avail_in > 0 {
            if atMemberBoundary {
                // A new member begins (the first one, or one concatenated after a trailer).
                inflateReset(stream)
                atMemberBoundary = false
            }
            stream.pointee.next_out = output.baseAddress!.assumingMemoryBound(to: UInt8.self)
            stream.pointee.avail_out = uInt(output.count)
            let before = Int(stream.pointee.avail_in)
            let status = inflate(stream, Z_NO_FLUSH)
            compressedCount += before - Int(stream.pointee.avail_in)
            let produced = output.count - Int(stream.pointee.avail_out)
            switch status {
            case Z_OK:
                break
            case Z_BUF_ERROR where produced > 0 || before > Int(stream.pointee.avail_in):
                break
            case Z_STREAM_END:
                atMemberBoundary = true
            case Z_BUF_ERROR:
                throw FormatsError(.compressionFailed, "inflate made no progress at compressed byte \(compressedCount)")
            default:
                let reason = stream.pointee.msg.map { String(cString: $0) } ?? "status \(status)"
                throw FormatsError(
                    .compressionFailed, "corrupt gzip data at compressed byte \(compressedCount): \(reason)")
            }
            if produced > 0 {
                decompressedCount += produced
                try body(UnsafeRawBufferPointer(start: output.baseAddress, count: produced))
            }
        }
        // zlib may hold decompressed bytes back when the output buffer filled exactly; drain them.
        while !atMemberBoundary {
            stream.pointee.next_out = output.baseAddress!.assumingMemoryBound(to: UInt8.self)
            stream.pointee.avail_out = uInt(output.count)
            let status = inflate(stream, Z_NO_FLUSH)
            let produced = output.count - Int(stream.pointee.avail_out)
            if status == Z_STREAM_END { atMemberBoundary = true }
            guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                let reason = stream.pointee.msg.map { String(cString: $0) } ?? "status \(status)"
                throw FormatsError(
                    .compressionFailed, "corrupt gzip data at compressed byte \(compressedCount): \(reason)")
            }
            guard produced > 0 else { break }
            decompressedCount += produced
            try body(UnsafeRawBufferPointer(start: output.baseAddress, count: produced))
        }
    }

    /// Checks that the stream ended after a complete member (or was empty); throws when it was cut short.
    public func finish() throws(FormatsError) {
        guard atMemberBoundary else {
            throw FormatsError(
                .compressionFailed, "gzip stream truncated after \(compressedCount) compressed bytes")
        }
    }
}

/// Whole-buffer gzip for small payloads (partial aggregates, test fixtures).
public enum Gzip {
    /// `bytes` as one gzip member at `level` (0–9, -1 for zlib's default).
    public static func compress(_ bytes: [UInt8], level: Int32 = 6) throws(FormatsError) -> [UInt8] {
        let deflater = try Deflater(level: level)
        var output: [UInt8] = []
        do {
            try bytes.withUnsafeBytes { buffer in try deflater.compressWhole(buffer, appendingTo: &output) }
        } catch let error as FormatsError {
            throw error
        } catch {
            throw FormatsError(.compressionFailed, "\(error)")
        }
        return output
    }

    /// The decompressed bytes of a whole gzip stream (one member or several).
    public static func decompress(_ bytes: [UInt8]) throws(FormatsError) -> [UInt8] {
        let inflater = try Inflater()
        var output: [UInt8] = []
        do {
            try bytes.withUnsafeBytes { buffer in
                try inflater.feed(buffer) { output.append(contentsOf: $0) }
            }
        } catch let error as FormatsError {
            throw error
        } catch {
            throw FormatsError(.compressionFailed, "\(error)")
        }
        try inflater.finish()
        return output
    }
}
