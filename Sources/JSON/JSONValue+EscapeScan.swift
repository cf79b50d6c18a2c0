extension JSONValue {
    /// The position of the first `"`, `\` or control byte from `start` on (or `count`), eight bytes at a time: a
    /// byte is flagged when it is one of those; the lowest flag is always a real one (borrows only run upwards).
    @inlinable
    public static func firstByteToEscape(_ base: UnsafePointer<UInt8>, from start: Int, count: Int) -> Int {
        var index = start
        let ones: UInt64 = 0x0101_0101_0101_0101
        while index + 8 <= count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            let quotes = word ^ (ones &* 0x22)
            let slashes = word ^ (ones &* 0x5C)
            let flags =
                ((quotes &- ones) & ~quotes | (slashes &- ones) & ~slashes | (word &- ones &* 0x20) & ~word)
                & (ones &* 0x80)
            if flags != 0 { return index + flags.trailingZeroBitCount >> 3 }
            index += 8
        }
        while index < count, base[index] >= 0x20, base[index] != 0x22, base[index] != 0x5C { index += 1 }
        return index
    }
}
