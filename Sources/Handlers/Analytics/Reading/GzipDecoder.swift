import CZlib

/// A gzip (RFC 1952) decoder written in Swift, libdeflate-style (64-bit bit buffer, word refills, one-lookup
/// Huffman tables, 8-byte match copies), streaming like `Inflater`: compressed bytes go in as they arrive,
/// decompressed bytes come out in pieces of about `chunkSize` bytes, each only valid during its callback.
/// Several members are read to the end as `zcat` does; CRC-32 and ISIZE of each member are checked.
///
/// Decoding stops at checkpoints (a member header, a block header, a symbol, a stored byte, a trailer);
/// when the input runs out inside one, the decoder keeps the unread bytes and resumes there on the next
/// `feed`. The output buffer holds the 32 KiB window plus `chunkSize`; no allocation per chunk.
public final class GzipDecoder {
    enum State {
        case memberHeader
        case blockHeader
        case huffman
        case stored(remaining: Int)
        case trailer
    }

    static let window = 32 * 1024

    var input: UnsafeMutablePointer<UInt8>
    var inputCapacity: Int
    /// Real bytes in `input`, and the bits of them already decoded.
    var inputCount = 0
    var inputBit = 0
    /// Compressed bytes dropped from the front of `input` so far.
    var inputDropped = 0

    let output: UnsafeMutablePointer<UInt8>
    /// Output is handed out when it reaches this position (window plus one chunk).
    let flushLimit: Int
    var outputCount = 0
    /// Where the bytes not yet handed out begin in `output`, and how many were handed out in all.
    var handedOut = 0
    var handedTotal = 0
    /// Where the current member started in `output` (negative once its start was shifted out).
    var memberStart = 0
    var crcFrom = 0
    var crc: UInt = 0
    var memberSize: UInt32 = 0

    var state = State.memberHeader
    var finalBlock = false
    var usesFixedCodes = false
    let literalLengths = HuffmanTable(rootBits: 11, symbols: 288)
    let distances = HuffmanTable(rootBits: 8, symbols: 32)
    let fixedLiteralLengths = HuffmanTable(rootBits: 11, symbols: 288)
    let fixedDistances = HuffmanTable(rootBits: 8, symbols: 32)
    let codeLengths = HuffmanTable(rootBits: 7, symbols: 19)
    /// Code lengths of a dynamic block (literal/length then distance).
    let lengths = UnsafeMutablePointer<UInt8>.allocate(capacity: 320)

    /// Decompressed bytes handed out so far.
    public var decompressedCount: Int { handedTotal }
    /// Compressed bytes decoded so far.
    public var compressedCount: Int { inputDropped + inputBit / 8 }

    /// A decoder handing out decompressed bytes in pieces of about `chunkSize` bytes.
    public init(chunkSize: Int = 1 << 20) {
        flushLimit = Self.window + max(chunkSize, 4096)
        output = .allocate(capacity: flushLimit + 258 + 64)
        inputCapacity = 1 << 16
        input = .allocate(capacity: inputCapacity + BitReader.padding)
        var fixed = [UInt8](repeating: 8, count: 288)
        for symbol in 144..<256 { fixed[symbol] = 9 }
        for symbol in 256..<280 { fixed[symbol] = 7 }
        fixed.withUnsafeBufferPointer { lengths in
            _ = HuffmanTable.literalLengthPayloads.withUnsafeBufferPointer { payloads in
                fixedLiteralLengths.build(
                    lengths.baseAddress!, count: 288, payloads: payloads.baseAddress!, allowsIncomplete: false)
            }
        }
        let five = [UInt8](repeating: 5, count: 32)
        five.withUnsafeBufferPointer { lengths in
            _ = HuffmanTable.distancePayloads.withUnsafeBufferPointer { payloads in
                fixedDistances.build(
                    lengths.baseAddress!, count: 32, payloads: payloads.baseAddress!, allowsIncomplete: false)
            }
        }
    }

    deinit {
        input.deallocate()
        output.deallocate()
        lengths.deallocate()
        for table in [literalLengths, distances, fixedLiteralLengths, fixedDistances, codeLengths] {
            table.deallocate()
        }
    }

    /// Forgets the current stream so the next `feed` starts a new one.
    public func reset() {
        inputCount = 0
        inputBit = 0
        inputDropped = 0
        outputCount = 0
        handedOut = 0
        handedTotal = 0
        memberStart = 0
        crcFrom = 0
        state = .memberHeader
    }

    /// Decodes all of `bytes` it can and calls `body` with each piece of decompressed bytes.
    public func feed(
        _ bytes: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) throws(AnalyticsError) -> Void
    ) throws(AnalyticsError) {
        append(bytes)
        try run(body)
        try hand(body)
    }

    /// Checks that the stream ended after a complete member (or was empty); throws when it was cut short.
    public func finish() throws(AnalyticsError) {
        guard case .memberHeader = state, inputBit / 8 == inputCount else {
            throw AnalyticsError(
                .unreadableDataFile, "gzip stream truncated after \(inputDropped + inputCount) compressed bytes")
        }
    }

    /// Moves the undecoded bytes to the front of `input` and appends `bytes` after them, zero padding after.
    private func append(_ bytes: UnsafeRawBufferPointer) {
        let used = inputBit / 8
        let kept = inputCount - used
        if used > 0 {
            input.update(from: input + used, count: kept)
            inputDropped += used
            inputBit -= used * 8
            inputCount = kept
        }
        if kept + bytes.count > inputCapacity {
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: kept + bytes.count + BitReader.padding)
            grown.update(from: input, count: kept)
            input.deallocate()
            input = grown
            inputCapacity = kept + bytes.count
        }
        if let source = bytes.baseAddress, !bytes.isEmpty {
            UnsafeMutableRawPointer(input + kept).copyMemory(from: source, byteCount: bytes.count)
        }
        inputCount = kept + bytes.count
        (input + inputCount).initialize(repeating: 0, count: BitReader.padding)
    }

    /// Hands out the bytes decoded since the last piece.
    func hand(_ body: (UnsafeRawBufferPointer) throws(AnalyticsError) -> Void) throws(AnalyticsError) {
        guard outputCount > handedOut else { return }
        let piece = UnsafeRawBufferPointer(start: output + handedOut, count: outputCount - handedOut)
        handedOut = outputCount
        handedTotal += piece.count
        try body(piece)
    }

    /// Hands out the full buffer, then keeps its last 32 KiB (the window) at its front.
    func handAndShift(_ body: (UnsafeRawBufferPointer) throws(AnalyticsError) -> Void) throws(AnalyticsError) {
        updateCRC()
        try hand(body)
        let shift = outputCount - Self.window
        output.update(from: output + shift, count: Self.window)
        outputCount = Self.window
        handedOut = Self.window
        crcFrom = Self.window
        memberStart -= shift
    }

    /// Folds the bytes decoded since `crcFrom` into the member's CRC-32 and length.
    func updateCRC() {
        guard outputCount > crcFrom else { return }
        crc = crc32(crc, output + crcFrom, uInt(outputCount - crcFrom))
        memberSize &+= UInt32(truncatingIfNeeded: outputCount - crcFrom)
        crcFrom = outputCount
    }

    /// An error naming the compressed byte where decoding stopped.
    func corrupt(_ reason: String) -> AnalyticsError {
        AnalyticsError(.unreadableDataFile, "corrupt gzip data at compressed byte \(compressedCount): \(reason)")
    }
}
