extension GzipDecoder {
    /// The hot loop: decodes literal/length and distance symbols of a Huffman block into `output` until the
    /// block ends, the output buffer is full or the input runs out (then it rolls back to the last whole
    /// symbol). State lives in locals and is written back once.
    func decodeSymbols() throws(AnalyticsError) -> SymbolsStop {
        let literalTable = UnsafePointer((usesFixedCodes ? fixedLiteralLengths : literalLengths).entries)
        let distanceTable = UnsafePointer((usesFixedCodes ? fixedDistances : distances).entries)
        var bits = BitReader(input, realCount: inputCount, startBit: inputBit)
        let realEnd = UnsafePointer(input) + inputCount
        let out = output
        var position = outputCount
        let limit = flushLimit
        let windowStart = memberStart
        var stop = SymbolsStop.outputFull
        var failure: String?
        // Far from the end of the input no symbol can read past it: no checkpoint, no overrun check.
        let fastEnd = realEnd - 16
        while position < limit {
            let careful = bits.position > fastEnd
            let mark = careful ? bits.consumed : 0
            bits.refill()
            var entry = literalTable[Int(truncatingIfNeeded: bits.buffer) & 0x7FF]
            if entry & HuffmanTable.kindMask == HuffmanTable.subtable {
                bits.drop(11)
                let mask = 1 &<< Int((entry &>> 8) & 0xF) &- 1
                entry = literalTable[Int(entry &>> 16) &+ Int(truncatingIfNeeded: bits.buffer) & mask]
            }
            var saved = bits.buffer
            bits.drop(Int(entry & 0xFF))
            let kind = entry & HuffmanTable.kindMask
            if kind == HuffmanTable.literal {
                if careful, bits.overran {
                    bits = BitReader(input, realCount: inputCount, startBit: mark)
                    stop = .needInput
                    break
                }
                out[position] = UInt8(truncatingIfNeeded: entry &>> 16)
                position &+= 1
                // After a refill a literal leaves at least 41 bits: up to two more root-table literals
                // (11 bits at most each) fit without another refill.
                if !careful {
                    entry = literalTable[Int(truncatingIfNeeded: bits.buffer) & 0x7FF]
                    if entry & HuffmanTable.kindMask == HuffmanTable.literal {
                        bits.drop(Int(entry & 0xFF))
                        out[position] = UInt8(truncatingIfNeeded: entry &>> 16)
                        position &+= 1
                        entry = literalTable[Int(truncatingIfNeeded: bits.buffer) & 0x7FF]
                        if entry & HuffmanTable.kindMask == HuffmanTable.literal {
                            bits.drop(Int(entry & 0xFF))
                            out[position] = UInt8(truncatingIfNeeded: entry &>> 16)
                            position &+= 1
                        }
                    }
                }
                continue
            }
            if kind != HuffmanTable.length {
                if careful, bits.overran {
                    bits = BitReader(input, realCount: inputCount, startBit: mark)
                    stop = .needInput
                    break
                }
                if kind == HuffmanTable.endOfBlock {
                    stop = .endOfBlock
                    break
                }
                failure = "invalid literal/length code"
                break
            }
            let length = Int(entry &>> 16) &+ Self.extra(saved, entry)
            entry = distanceTable[Int(truncatingIfNeeded: bits.buffer) & 0xFF]
            if entry & HuffmanTable.kindMask == HuffmanTable.subtable {
                bits.drop(8)
                let mask = 1 &<< Int((entry &>> 8) & 0xF) &- 1
                entry = distanceTable[Int(entry &>> 16) &+ Int(truncatingIfNeeded: bits.buffer) & mask]
            }
            saved = bits.buffer
            bits.drop(Int(entry & 0xFF))
            if careful, bits.overran {
                bits = BitReader(input, realCount: inputCount, startBit: mark)
                stop = .needInput
                break
            }
            guard entry & HuffmanTable.kindMask == HuffmanTable.length else {
                failure = "invalid distance code"
                break
            }
            let distance = Int(entry &>> 16) &+ Self.extra(saved, entry)
            guard distance <= position &- windowStart else {
                failure = "invalid distance too far back"
                break
            }
            Self.copyMatch(out + position, distance: distance, length: length)
            position &+= length
        }
        inputBit = bits.consumed
        outputCount = position
        if let failure { throw corrupt(failure) }
        return stop
    }

    /// The extra bits of a length or distance: the bits after the code in `saved`, up to the entry's total.
    @inline(__always)
    static func extra(_ saved: UInt64, _ entry: UInt32) -> Int {
        let total = UInt64(entry & 0xFF)
        let code = UInt64((entry &>> 8) & 0xF)
        return Int(truncatingIfNeeded: (saved & (1 &<< total &- 1)) &>> code)
    }

    /// Copies `length` bytes from `distance` bytes back, 8 at a time when they do not overlap within a word
    /// (writes up to 7 bytes past the end; the output buffer has room).
    @inline(__always)
    static func copyMatch(_ destination: UnsafeMutablePointer<UInt8>, distance: Int, length: Int) {
        let end = UnsafeMutableRawPointer(destination + length)
        var target = UnsafeMutableRawPointer(destination)
        if distance >= 8 {
            var source = UnsafeRawPointer(destination - distance)
            repeat {
                target.storeBytes(of: source.loadUnaligned(as: UInt64.self), as: UInt64.self)
                target += 8
                source += 8
            } while target < end
        } else if distance == 1 {
            let pattern = UInt64((destination - 1).pointee) &* 0x0101_0101_0101_0101
            repeat {
                target.storeBytes(of: pattern, as: UInt64.self)
                target += 8
            } while target < end
        } else {
            var index = 0
            while index < length {
                destination[index] = destination[index - distance]
                index &+= 1
            }
        }
    }
}
