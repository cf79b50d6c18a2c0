/// The distinct byte strings of a dictionary-encoded column chunk, in first-seen order, stored back to back
/// in one arena and found through an open-addressing hash table, so a lookup allocates nothing.
///
/// Keys are compared as bytes: two strings Swift considers equal (canonically equivalent Unicode) but
/// spelled differently stay distinct entries, so every value is written exactly as given.
struct ByteDictionary {
    /// The plain encoding of the entries (4-byte little-endian length, then the bytes), i.e. the dictionary
    /// page body.
    private(set) var plainEncoded: [UInt8] = []
    /// Where each entry's bytes start in `plainEncoded`, and their length.
    private var starts: [Int] = []
    private var lengths: [Int] = []
    /// Hash table slots: entry index + 1, or 0 when empty.
    private var slots: [Int32] = Array(repeating: 0, count: 1024)
    private var hashes: [UInt64] = []

    var count: Int { starts.count }

    /// The index of `bytes`, inserting it if new; `inserted` tells which.
    mutating func index(of bytes: UnsafeRawBufferPointer) -> (index: UInt32, inserted: Bool) {
        let hash = Self.hash(bytes)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { break }
            if hashes[entry - 1] == hash && equals(entry - 1, bytes) { return (UInt32(entry - 1), false) }
            slot = (slot + 1) & mask
        }
        let index = starts.count
        withUnsafeBytes(of: UInt32(bytes.count).littleEndian) { plainEncoded.append(contentsOf: $0) }
        starts.append(plainEncoded.count)
        lengths.append(bytes.count)
        hashes.append(hash)
        plainEncoded.append(contentsOf: bytes)
        slots[slot] = Int32(index + 1)
        if starts.count * 2 > slots.count { grow() }
        return (UInt32(index), true)
    }

    /// Calls `body` with the bytes of entry `index`.
    func withEntry<Result>(_ index: Int, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        plainEncoded.withUnsafeBytes { buffer in
            body(UnsafeRawBufferPointer(rebasing: buffer[starts[index]..<(starts[index] + lengths[index])]))
        }
    }

    private func equals(_ index: Int, _ bytes: UnsafeRawBufferPointer) -> Bool {
        guard lengths[index] == bytes.count else { return false }
        return withEntry(index) { entry in
            bytes.count == 0 || memcmpEqual(entry.baseAddress!, bytes.baseAddress!, bytes.count)
        }
    }

    private mutating func grow() {
        var newSlots = [Int32](repeating: 0, count: slots.count * 2)
        let mask = newSlots.count - 1
        for (index, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while newSlots[slot] != 0 { slot = (slot + 1) & mask }
            newSlots[slot] = Int32(index + 1)
        }
        slots = newSlots
    }

    /// A fast 64-bit hash over 8-byte words (a multiply-xorshift mix); good enough for a hash table.
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var offset = 0
        while offset + 8 <= bytes.count {
            let word = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            hash = (hash ^ word) &* 0xBF58_476D_1CE4_E5B9
            hash ^= hash >> 31
            offset += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count {
            tail |= UInt64(bytes[offset]) << shift
            shift += 8
            offset += 1
        }
        hash = (hash ^ tail) &* 0x94D0_49BB_1331_11EB
        return hash ^ (hash >> 29)
    }
}

/// Byte-wise equality of two memory regions.
func memcmpEqual(_ lhs: UnsafeRawPointer, _ rhs: UnsafeRawPointer, _ count: Int) -> Bool {
    var offset = 0
    while offset + 8 <= count {
        if lhs.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            != rhs.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        {
            return false
        }
        offset += 8
    }
    while offset < count {
        if lhs.load(fromByteOffset: offset, as: UInt8.self) != rhs.load(fromByteOffset: offset, as: UInt8.self) {
            return false
        }
        offset += 1
    }
    return true
}
