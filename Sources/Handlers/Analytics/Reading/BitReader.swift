/// Reads a DEFLATE bit stream (least significant bit first) from a buffer padded with zero bytes after its
/// real end, 56 or more bits at a time with one unaligned 8-byte load (libdeflate's refill). Reading past
/// the real end is memory-safe (the padding) and detected with `overran`: the caller then rolls back to its
/// last checkpoint and waits for more input.
struct BitReader {
    /// Zero bytes the input buffer must hold after its real end.
    static let padding = 64

    let base: UnsafePointer<UInt8>
    /// Bits of real input from `base`.
    let realBits: Int
    var position: UnsafePointer<UInt8>
    var buffer: UInt64 = 0
    var count = 0

    /// A reader at bit `startBit` of `base`, which holds `realCount` real bytes.
    @inline(__always)
    init(_ base: UnsafePointer<UInt8>, realCount: Int, startBit: Int) {
        self.base = base
        realBits = realCount &* 8
        position = base + startBit &>> 3
        refill()
        drop(startBit & 7)
    }

    /// Bits consumed from `base`.
    @inline(__always)
    var consumed: Int { (position - base) &* 8 &- count }

    /// Whether more bits were consumed than the input really has.
    @inline(__always)
    var overran: Bool { consumed > realBits }

    /// Tops the buffer up to at least 56 bits.
    @inline(__always)
    mutating func refill() {
        buffer |= UnsafeRawPointer(position).loadUnaligned(as: UInt64.self).littleEndian &<< UInt64(count)
        let bytes = (63 &- count) &>> 3
        position += bytes
        count &+= bytes &<< 3
    }

    @inline(__always)
    mutating func drop(_ bits: Int) {
        buffer = buffer &>> UInt64(bits)
        count &-= bits
    }

    /// The next `bits` bits (at most 56), consumed.
    @inline(__always)
    mutating func take(_ bits: Int) -> Int {
        if count < bits { refill() }
        let value = Int(truncatingIfNeeded: buffer & (1 &<< UInt64(bits) &- 1))
        drop(bits)
        return value
    }

    /// Drops the bits up to the next byte boundary.
    @inline(__always)
    mutating func alignToByte() { drop(count & 7) }
}
