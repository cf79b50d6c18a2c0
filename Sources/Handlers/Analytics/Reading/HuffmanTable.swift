/// A DEFLATE (RFC 1951) Huffman decode table in the style of libdeflate: one lookup of `rootBits` bits of
/// the bit buffer gives an entry that says how many bits the symbol takes (code and extra bits together) and
/// what it means; codes longer than `rootBits` go through one subtable.
///
/// Entry layout (`UInt32`): bits 0–7 the bits to consume at this level (code length plus extra bits), bits
/// 8–11 the code length at this level (for a subtable pointer: the subtable's index bits), bits 12–15 the
/// kind, bits 16–31 the value (literal byte, length or distance base, code-length symbol, subtable start).
struct HuffmanTable {
    static let literal: UInt32 = 0
    static let length: UInt32 = 1 << 12
    static let endOfBlock: UInt32 = 2 << 12
    static let subtable: UInt32 = 3 << 12
    static let invalid: UInt32 = 4 << 12
    static let kindMask: UInt32 = 0xF << 12

    let entries: UnsafeMutablePointer<UInt32>
    let rootBits: Int
    let capacity: Int

    /// A table for alphabets of at most `symbols` symbols with codes of at most 15 bits.
    init(rootBits: Int, symbols: Int) {
        self.rootBits = rootBits
        capacity = (1 << rootBits) + symbols << max(0, 15 - rootBits)
        entries = .allocate(capacity: capacity)
        entries.initialize(repeating: Self.invalid, count: capacity)
    }

    func deallocate() { entries.deallocate() }

    /// Fills the table for the code given by `lengths` (0 = unused symbol); `payloads[symbol]` holds the
    /// kind, value and extra-bit count of each symbol. An over-subscribed code is an error; an incomplete
    /// one too unless `allowsIncomplete` and it is a single one-bit code (or empty), as zlib accepts.
    func build(
        _ lengths: UnsafePointer<UInt8>, count: Int, payloads: UnsafePointer<UInt32>, allowsIncomplete: Bool
    ) -> Bool {
        var counts = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &counts) { raw -> Bool in
            let lengthCounts = raw.baseAddress!.assumingMemoryBound(to: Int.self)
            for symbol in 0..<count { lengthCounts[Int(lengths[symbol])] += 1 }
            lengthCounts[0] = 0
            var maximum = 0
            var left = 1
            for bits in 1...15 {
                left = left << 1 - lengthCounts[bits]
                if left < 0 { return false }
                if lengthCounts[bits] > 0 { maximum = bits }
            }
            let rootSize = 1 << rootBits
            if left > 0 {
                guard allowsIncomplete, maximum <= 1 else { return false }
                entries.update(repeating: Self.invalid, count: rootSize)
                if maximum == 0 { return true }
            }
            // First canonical code of each length (MSB-first, as RFC 1951 numbers them).
            var next = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            return withUnsafeMutableBytes(of: &next) { nextRaw -> Bool in
                let next = nextRaw.baseAddress!.assumingMemoryBound(to: Int.self)
                for bits in 2...16 { next[bits] = (next[bits - 1] + lengthCounts[bits - 1]) << 1 }
                return withUnsafeTemporaryAllocation(of: Int.self, capacity: max(count, 1)) { reversedCodes -> Bool in
                    fill(
                        lengths, count: count, payloads: payloads, maximum: maximum, next: next,
                        reversedCodes.baseAddress!)
                }
            }
        }
    }

    /// Assigns the canonical codes in symbol order (RFC 1951 3.2.2) and fills the entries: short codes in
    /// the root table, long ones in a subtable per root prefix (a root entry is 0 until its subtable exists).
    private func fill(
        _ lengths: UnsafePointer<UInt8>, count: Int, payloads: UnsafePointer<UInt32>, maximum: Int,
        next: UnsafeMutablePointer<Int>, _ reversedCodes: UnsafeMutablePointer<Int>
    ) -> Bool {
        let rootSize = 1 << rootBits
        for symbol in 0..<count {
            let bits = Int(lengths[symbol])
            guard bits > 0 else { continue }
            let reversed = Self.reverse(next[bits], bits)
            next[bits] += 1
            reversedCodes[symbol] = reversed
            if bits > rootBits {
                entries[reversed & (rootSize - 1)] = 0
                continue
            }
            let entry = payloads[symbol] + UInt32(bits) + UInt32(bits) << 8
            var index = reversed
            while index < rootSize {
                entries[index] = entry
                index += 1 << bits
            }
        }
        guard maximum > rootBits else { return true }
        let subBits = maximum - rootBits
        var nextSubtable = rootSize
        for symbol in 0..<count where Int(lengths[symbol]) > rootBits {
            let bits = Int(lengths[symbol])
            let reversed = reversedCodes[symbol]
            let prefix = reversed & (rootSize - 1)
            if entries[prefix] == 0 {
                entries[prefix] =
                    Self.subtable | UInt32(nextSubtable) << 16 | UInt32(subBits) << 8 | UInt32(rootBits)
                nextSubtable += 1 << subBits
            }
            let subtableStart = Int(entries[prefix] >> 16)
            let subLength = bits - rootBits
            let entry = payloads[symbol] + UInt32(subLength) + UInt32(subLength) << 8
            var index = reversed >> rootBits
            while index < 1 << subBits {
                entries[subtableStart + index] = entry
                index += 1 << subLength
            }
        }
        return true
    }

    @inline(__always)
    static func reverse(_ code: Int, _ bits: Int) -> Int {
        var value = code
        var result = 0
        for _ in 0..<bits {
            result = result << 1 | value & 1
            value >>= 1
        }
        return result
    }

    /// Payloads of the literal/length alphabet (288 symbols; 286 and 287 are invalid).
    static let literalLengthPayloads: [UInt32] = {
        let bases: [UInt32] = [
            3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195,
            227, 258,
        ]
        let extra: [UInt32] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
        var payloads = (0..<256).map { literal | UInt32($0) << 16 }
        payloads.append(endOfBlock)
        for index in 0..<29 { payloads.append(length | bases[index] << 16 | extra[index]) }
        payloads += [invalid, invalid]
        return payloads
    }()

    /// Payloads of the distance alphabet (32 symbols; 30 and 31 are invalid).
    static let distancePayloads: [UInt32] = {
        var payloads: [UInt32] = []
        var base: UInt32 = 1
        for index in 0..<30 {
            let extra = UInt32(max(0, index / 2 - 1))
            payloads.append(length | base << 16 | extra)
            base += 1 << extra
        }
        return payloads + [invalid, invalid]
    }()

    /// Payloads of the code-length alphabet (19 symbols, the value is the symbol).
    static let codeLengthPayloads: [UInt32] = (0..<19).map { literal | UInt32($0) << 16 }
}
