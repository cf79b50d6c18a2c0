/// Parquet's RLE / bit-packed hybrid encoding (definition levels, dictionary indices): runs of at least eight
/// equal values become RLE runs, everything else bit-packed groups of eight, least significant bit first.
enum RLEHybridEncoder {
    /// Appends the encoding of `values` (each below `1 << bitWidth`) to `output`, without a length prefix.
    static func encode<Value: FixedWidthInteger & UnsignedInteger>(
        _ values: UnsafeBufferPointer<Value>, bitWidth: Int, into output: inout [UInt8]
    ) {
        let count = values.count
        var literalStart = 0
        var index = 0
        while index < count {
            let value = values[index]
            var end = index + 1
            while end < count && values[end] == value { end += 1 }
            if end - index >= 8 {
                // Literals before an RLE run must fill whole groups of eight: lend them values from the run.
                let pending = index - literalStart
                let runStart = pending % 8 == 0 ? index : index + (8 - pending % 8)
                if end - runStart >= 8 {
                    if runStart > literalStart {
                        bitPack(values, literalStart..<runStart, bitWidth: bitWidth, into: &output)
                    }
                    rle(value, count: end - runStart, bitWidth: bitWidth, into: &output)
                    literalStart = end
                }
            }
            index = end
        }
        if literalStart < count {
            bitPack(values, literalStart..<count, bitWidth: bitWidth, into: &output)
        }
    }

    /// The number of bits needed for values up to `maximum` (at least 1).
    static func bitWidth(forMaximum maximum: Int) -> Int {
        max(1, Int.bitWidth - maximum.leadingZeroBitCount)
    }

    private static func rle<Value: FixedWidthInteger & UnsignedInteger>(
        _ value: Value, count: Int, bitWidth: Int, into output: inout [UInt8]
    ) {
        varint(UInt64(count) << 1, into: &output)
        var remaining = UInt64(value)
        for _ in 0..<((bitWidth + 7) / 8) {
            output.append(UInt8(truncatingIfNeeded: remaining))
            remaining >>= 8
        }
    }

    /// Packs `range` (padded with zeros to a multiple of eight values) as one bit-packed run.
    private static func bitPack<Value: FixedWidthInteger & UnsignedInteger>(
        _ values: UnsafeBufferPointer<Value>, _ range: Range<Int>, bitWidth: Int, into output: inout [UInt8]
    ) {
        let groups = (range.count + 7) / 8
        varint(UInt64(groups) << 1 | 1, into: &output)
        output.reserveCapacity(output.count + groups * bitWidth)
        var accumulator: UInt64 = 0
        var bits = 0
        for index in range.lowerBound..<(range.lowerBound + groups * 8) {
            let value = index < range.upperBound ? UInt64(values[index]) : 0
            accumulator |= value << UInt64(bits)
            bits += bitWidth
            while bits >= 8 {
                output.append(UInt8(truncatingIfNeeded: accumulator))
                accumulator >>= 8
                bits -= 8
            }
        }
    }

    /// An unsigned LEB128 varint, as run headers use.
    static func varint(_ value: UInt64, into output: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            output.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        output.append(UInt8(value))
    }
}
