extension GzipDecoder {
    enum SymbolsStop {
        case endOfBlock
        case needInput
        case outputFull
    }

    /// The order code-length code lengths are stored in (RFC 1951 3.2.7).
    private static let codeLengthOrder: [Int] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    /// Reads a block header (with a dynamic block's code tables); false when the input ends inside it.
    func readBlockHeader() throws(AnalyticsError) -> Bool {
        var bits = BitReader(input, realCount: inputCount, startBit: inputBit)
        // An error found after reading past the real end is only missing input.
        func failure(_ reason: String, _ bits: BitReader) -> AnalyticsError? { bits.overran ? nil : corrupt(reason) }
        finalBlock = bits.take(1) == 1
        switch bits.take(2) {
        case 0:
            bits.alignToByte()
            let length = bits.take(16)
            let complement = bits.take(16)
            if bits.overran { return false }
            guard length == ~complement & 0xFFFF else { throw corrupt("invalid stored block lengths") }
            state = .stored(remaining: length)
        case 1:
            if bits.overran { return false }
            usesFixedCodes = true
            state = .huffman
        case 2:
            let literalCount = bits.take(5) + 257
            let distanceCount = bits.take(5) + 1
            let codeLengthCount = bits.take(4) + 4
            guard literalCount <= 286, distanceCount <= 30 else {
                if let error = failure("too many length or distance symbols", bits) { throw error }
                return false
            }
            for index in 0..<19 { lengths[Self.codeLengthOrder[index]] = 0 }
            for index in 0..<codeLengthCount { lengths[Self.codeLengthOrder[index]] = UInt8(bits.take(3)) }
            let built = HuffmanTable.codeLengthPayloads.withUnsafeBufferPointer {
                codeLengths.build(lengths, count: 19, payloads: $0.baseAddress!, allowsIncomplete: false)
            }
            guard built else {
                if let error = failure("invalid code lengths set", bits) { throw error }
                return false
            }
            if let reason = readCodeLengths(&bits, count: literalCount + distanceCount) {
                if let error = failure(reason, bits) { throw error }
                return false
            }
            if bits.overran { return false }
            guard lengths[256] != 0 else { throw corrupt("invalid code -- missing end-of-block") }
            let literalsBuilt = HuffmanTable.literalLengthPayloads.withUnsafeBufferPointer {
                literalLengths.build(lengths, count: literalCount, payloads: $0.baseAddress!, allowsIncomplete: true)
            }
            guard literalsBuilt else { throw corrupt("invalid literal/lengths set") }
            let distancesBuilt = HuffmanTable.distancePayloads.withUnsafeBufferPointer {
                distances.build(
                    lengths + literalCount, count: distanceCount, payloads: $0.baseAddress!, allowsIncomplete: true)
            }
            guard distancesBuilt else { throw corrupt("invalid distances set") }
            usesFixedCodes = false
            state = .huffman
        default:
            if bits.overran { return false }
            throw corrupt("invalid block type")
        }
        inputBit = bits.consumed
        return true
    }

    /// Reads `count` code lengths into `lengths` with the code-length code; the reason when they are invalid.
    private func readCodeLengths(_ bits: inout BitReader, count: Int) -> String? {
        let table = codeLengths.entries
        var index = 0
        while index < count {
            // Past the real end the reader sees the zero padding, which decodes as short codes: stop there, or up
            // to 316 of them would walk the reader past the padding and off the buffer.
            if bits.overran { return "input ended in the code lengths" }
            if bits.count < 14 { bits.refill() }
            let entry = table[Int(truncatingIfNeeded: bits.buffer) & 0x7F]
            guard entry & HuffmanTable.kindMask != HuffmanTable.invalid else { return "invalid code lengths set" }
            bits.drop(Int(entry & 0xFF))
            let symbol = Int(entry >> 16)
            if symbol < 16 {
                lengths[index] = UInt8(symbol)
                index += 1
                continue
            }
            var value: UInt8 = 0
            let repeats: Int
            switch symbol {
            case 16:
                guard index > 0 else { return "invalid bit length repeat" }
                value = lengths[index - 1]
                repeats = 3 + bits.take(2)
            case 17: repeats = 3 + bits.take(3)
            default: repeats = 11 + bits.take(7)
            }
            guard index + repeats <= count else { return "invalid bit length repeat" }
            (lengths + index).update(repeating: value, count: repeats)
            index += repeats
        }
        return nil
    }
}
