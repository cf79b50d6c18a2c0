import CZlib

/// zlib's deflate producing gzip members (RFC 1952), which is what Parquet's GZIP codec and `.gz` files are.
/// One instance is reused: for whole buffers (Parquet pages) or as a stream (NDJSON.gz).
final class Deflater {
    private let stream: UnsafeMutablePointer<z_stream>
    private let scratch: UnsafeMutableBufferPointer<UInt8>

    /// A deflater at `level` (0–9, or -1 for zlib's default of 6).
    init(level: Int32) throws(FormatsError) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        scratch = .allocate(capacity: 64 * 1024)
        // windowBits 15 + 16 asks zlib for a gzip header and trailer instead of the zlib wrapper.
        let status = bf_deflate_init2(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY)
        guard status == Z_OK else {
            stream.deallocate()
            scratch.deallocate()
            throw FormatsError(.compressionFailed, "deflateInit2 failed with status \(status)")
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
        scratch.deallocate()
    }

    /// Compresses `input` as one complete gzip member and appends it to `output`.
    func compressWhole(_ input: UnsafeRawBufferPointer, appendingTo output: inout [UInt8]) throws(FormatsError) {
        deflateReset(stream)
        let bound = Int(deflateBound(stream, uLong(input.count)))
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: bound))
        let (status, produced) = output.withUnsafeMutableBufferPointer { buffer in
            stream.pointee.next_in = UnsafeMutablePointer(
                mutating: input.baseAddress?.assumingMemoryBound(to: UInt8.self))
            stream.pointee.avail_in = uInt(input.count)
            stream.pointee.next_out = buffer.baseAddress! + start
            stream.pointee.avail_out = uInt(bound)
            let status = deflate(stream, Z_FINISH)
            return (status, bound - Int(stream.pointee.avail_out))
        }
        stream.pointee.next_in = nil
        stream.pointee.next_out = nil
        guard status == Z_STREAM_END else {
            output.removeSubrange(start...)
            throw FormatsError(.compressionFailed, "deflate did not finish (status \(status))")
        }
        output.removeSubrange((start + produced)...)
    }

    /// Feeds `input` to the stream and appends whatever compressed bytes zlib produces to `output`; with
    /// `finish`, also ends the gzip member (after which the deflater starts a new member on the next call).
    func stream(_ input: UnsafeRawBufferPointer, appendingTo output: inout [UInt8], finish: Bool) throws(FormatsError) {
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: UInt8.self))
        stream.pointee.avail_in = uInt(input.count)
        let flush = finish ? Z_FINISH : Z_NO_FLUSH
        while true {
            stream.pointee.next_out = scratch.baseAddress
            stream.pointee.avail_out = uInt(scratch.count)
            let status = deflate(stream, flush)
            guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                throw FormatsError(.compressionFailed, "deflate failed with status \(status)")
            }
            let produced = scratch.count - Int(stream.pointee.avail_out)
            output.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[0..<produced]))
            if status == Z_STREAM_END {
                deflateReset(stream)
                break
            }
            if !finish && stream.pointee.avail_in == 0 && stream.pointee.avail_out > 0 { break }
        }
        stream.pointee.next_in = nil
        stream.pointee.next_out = nil
    }
}
