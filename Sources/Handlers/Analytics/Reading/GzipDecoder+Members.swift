import CZlib

extension GzipDecoder {
    /// Decodes from the last checkpoint until the input runs out, handing out full buffers on the way.
    func run(_ body: (UnsafeRawBufferPointer) throws(AnalyticsError) -> Void) throws(AnalyticsError) {
        while true {
            switch state {
            case .memberHeader:
                guard try readMemberHeader() else { return }
            case .blockHeader:
                guard try readBlockHeader() else { return }
            case .huffman:
                switch try decodeSymbols() {
                case .endOfBlock: state = finalBlock ? .trailer : .blockHeader
                case .needInput: return
                case .outputFull: try handAndShift(body)
                }
            case .stored(let remaining):
                let available = inputCount - inputBit / 8
                let count = min(remaining, available, flushLimit - outputCount)
                (output + outputCount).update(from: input + inputBit / 8, count: count)
                outputCount += count
                inputBit += count * 8
                if count == remaining {
                    state = finalBlock ? .trailer : .blockHeader
                } else {
                    state = .stored(remaining: remaining - count)
                    if outputCount >= flushLimit {
                        try handAndShift(body)
                    } else {
                        return
                    }
                }
            case .trailer:
                guard try readTrailer() else { return }
            }
        }
    }

    /// Reads a member's header (RFC 1952 2.3) once all of it is in the input; false when it is not yet.
    private func readMemberHeader() throws(AnalyticsError) -> Bool {
        let start = inputBit / 8
        let available = inputCount - start
        guard available > 0 else { return false }
        let header = input + start
        guard header[0] == 0x1F, available < 2 || header[1] == 0x8B else { throw corrupt("incorrect header check") }
        guard available >= 3 else { return false }
        guard header[2] == 8 else { throw corrupt("unknown compression method") }
        guard available >= 10 else { return false }
        let flags = header[3]
        guard flags & 0xE0 == 0 else { throw corrupt("unknown header flags set") }
        var end = 10
        if flags & 0x04 != 0 {
            guard available >= end + 2 else { return false }
            end += 2 + (Int(header[end]) | Int(header[end + 1]) << 8)
            guard available >= end else { return false }
        }
        for flag: UInt8 in [0x08, 0x10] where flags & flag != 0 {
            guard let zero = memchr(header + end, 0, available - end) else { return false }
            end = UnsafeRawPointer(zero) - UnsafeRawPointer(header) + 1
        }
        if flags & 0x02 != 0 {
            guard available >= end + 2 else { return false }
            let expected = Int(header[end]) | Int(header[end + 1]) << 8
            guard Int(crc32(0, header, uInt(end)) & 0xFFFF) == expected else { throw corrupt("header crc mismatch") }
            end += 2
        }
        inputBit = (start + end) * 8
        state = .blockHeader
        finalBlock = false
        memberStart = outputCount
        crcFrom = outputCount
        crc = 0
        memberSize = 0
        return true
    }

    /// Checks a member's CRC-32 and ISIZE once its 8 trailer bytes are in; false when they are not yet.
    private func readTrailer() throws(AnalyticsError) -> Bool {
        inputBit = (inputBit + 7) & ~7
        let start = inputBit / 8
        guard inputCount - start >= 8 else { return false }
        let trailer = UnsafeRawPointer(input + start)
        let expectedCRC = UInt32(littleEndian: trailer.loadUnaligned(as: UInt32.self))
        let expectedSize = UInt32(littleEndian: trailer.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
        updateCRC()
        guard UInt32(truncatingIfNeeded: crc) == expectedCRC else { throw corrupt("incorrect data check") }
        guard memberSize == expectedSize else { throw corrupt("incorrect length check") }
        inputBit += 64
        state = .memberHeader
        return true
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
