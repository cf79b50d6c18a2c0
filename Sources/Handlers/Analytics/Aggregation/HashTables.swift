/// Open-addressing tables for the aggregator's per-line work: cheaper than `Set` and `Dictionary` with
/// SipHash because the keys are either small numbers the aggregator hands out itself or byte strings hashed
/// with a per-process random seed (so crafted ids cannot force collisions they can predict).
enum TableHash {
    static let seed = UInt64.random(in: .min ... .max) | 1

    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var x = value &* 0x9E37_79B9_7F4A_7C15
        x ^= x >> 29
        x = x &* 0xBF58_476D_1CE4_E5B9
        return x ^ (x >> 32)
    }
}

/// A set of `UInt32` (user numbers): a linear-probing table at most half full while the set is sparse, a bitmap
/// once the bitmap up to the largest member takes no more memory than the table would (user numbers are handed
/// out densely in order of first appearance, so a day's busy set becomes a bitmap of one bit per user: a few KiB
/// that stay in cache, where the table took 8 bytes a member). A bitmap that a much larger member would make
/// bigger than a table of its members turns back into a table.
struct NumberSet {
    /// Table mode: 0 is empty; a member `n` is stored as `n + 1`. Empty in bitmap mode.
    private var slots = [UInt32](repeating: 0, count: 8)
    /// Bitmap mode: bit `n % 64` of word `n / 64` is member `n`. Empty in table mode.
    private var bits: [UInt64] = []
    private(set) var count = 0
    private var largest: UInt32 = 0

    /// Whether the members are held as a bitmap (tests).
    var isBitmap: Bool { !bits.isEmpty }

    @inline(__always)
    mutating func insert(_ value: UInt32) {
        if !bits.isEmpty {
            insertBit(value)
            return
        }
        let stored = value &+ 1
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: TableHash.mix(UInt64(value))) & mask
        let added = slots.withUnsafeMutableBufferPointer { buffer -> Bool in
            while true {
                let current = buffer[index]
                if current == stored { return false }
                if current == 0 {
                    buffer[index] = stored
                    return true
                }
                index = (index + 1) & mask
            }
        }
        guard added else { return }
        count += 1
        if value > largest { largest = value }
        if count * 2 > slots.count { grow() }
    }

    /// The members, in no particular order.
    var members: [UInt32] {
        guard !bits.isEmpty else { return slots.compactMap { $0 == 0 ? nil : $0 - 1 } }
        var result: [UInt32] = []
        result.reserveCapacity(count)
        for (index, word) in bits.enumerated() {
            var rest = word
            while rest != 0 {
                result.append(UInt32(index * 64 + rest.trailingZeroBitCount))
                rest &= rest &- 1
            }
        }
        return result
    }

    @inline(__always)
    private mutating func insertBit(_ value: UInt32) {
        let word = Int(value >> 6)
        if word >= bits.count { widen(to: value) }
        if !bits.isEmpty {
            let bit = UInt64(1) << UInt64(value & 63)
            let added = bits.withUnsafeMutableBufferPointer { buffer -> Bool in
                guard buffer[word] & bit == 0 else { return false }
                buffer[word] |= bit
                return true
            }
            if added {
                count += 1
                if value > largest { largest = value }
            }
        } else {
            insert(value)
        }
    }

    /// Grows the bitmap to hold `value`, or turns it back into a table when that is smaller.
    private mutating func widen(to value: UInt32) {
        let words = max(Int(value >> 6) + 1, bits.count * 2)
        guard Self.tableBytes(members: count + 1) < words * 8 else {
            bits.append(contentsOf: repeatElement(0, count: words - bits.count))
            return
        }
        let old = members
        bits = []
        var capacity = 8
        while capacity < (count + 1) * 2 { capacity *= 2 }
        slots = [UInt32](repeating: 0, count: capacity)
        count = 0
        for member in old { insert(member) }
    }

    /// The bytes of a table holding `members` at most half full, after its next growth.
    private static func tableBytes(members: Int) -> Int {
        var capacity = 8
        while capacity < members * 2 { capacity *= 2 }
        return capacity * 2 * MemoryLayout<UInt32>.stride
    }

    private mutating func grow() {
        let old = slots
        let bitmapWords = Int(largest >> 6) + 1
        if bitmapWords * 8 <= old.count * 2 * MemoryLayout<UInt32>.stride {
            slots = []
            bits = [UInt64](repeating: 0, count: bitmapWords)
            count = 0
            for stored in old where stored != 0 { insertBit(stored - 1) }
            return
        }
        slots = [UInt32](repeating: 0, count: old.count * 2)
        count = 0
        for stored in old where stored != 0 { insert(stored - 1) }
    }
}

/// Numbers for byte strings (user ids, apps): the same string always gets the same number, in order of
/// first appearance. A slot holds the string's first 16 bytes and length beside its number, so a lookup of
/// an id of up to 16 bytes touches one slot and not `names` (one cache miss instead of two).
struct ByteStringNumbers {
    struct Slot {
        var word0: UInt64 = 0
        var word1: UInt64 = 0
        var count: UInt32 = 0
        /// 0 is empty; number `n` is stored as `n + 1`.
        var number: UInt32 = 0
    }

    private(set) var names: [ExactBytes] = []
    private var slots = [Slot](repeating: Slot(), count: 1024)

    @inline(__always)
    mutating func number(_ name: ExactBytes) -> UInt32 {
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: name.tableHash) & mask
        let (word0, word1) = name.leadingWords
        let count = UInt32(truncatingIfNeeded: name.count)
        let found = slots.withUnsafeBufferPointer { slots -> UInt32? in
            while true {
                let slot = slots[index]
                if slot.number == 0 {
                    return nil
                }
                if slot.word0 == word0, slot.word1 == word1, slot.count == count,
                    count <= 16 || names[Int(slot.number) - 1] == name
                {
                    return slot.number - 1
                }
                index = (index + 1) & mask
            }
        }
        if let found { return found }
        names.append(name)
        slots[index] = Slot(word0: word0, word1: word1, count: count, number: UInt32(names.count))
        if names.count * 2 > slots.count { grow() }
        return UInt32(names.count - 1)
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(), count: old.count * 2)
        let mask = slots.count - 1
        for slot in old where slot.number != 0 {
            var index = Int(truncatingIfNeeded: names[Int(slot.number) - 1].tableHash) & mask
            while slots[index].number != 0 { index = (index + 1) & mask }
            slots[index] = slot
        }
    }
}

/// Positions for `Int` keys (day and app packed in one number) in an array of totals.
struct PositionTable {
    private var keys = [Int](repeating: 0, count: 256)
    /// 0 is empty; position `p` is stored as `p + 1`.
    private var slots = [Int32](repeating: 0, count: 256)
    private(set) var count = 0

    /// The position of `key`, or `next` after recording it there when the key is new.
    @inline(__always)
    mutating func position(of key: Int, orInsert next: Int) -> (position: Int, inserted: Bool) {
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: TableHash.mix(UInt64(bitPattern: Int64(key)))) & mask
        while true {
            let slot = slots[index]
            if slot == 0 { break }
            if keys[index] == key { return (Int(slot) - 1, false) }
            index = (index + 1) & mask
        }
        keys[index] = key
        slots[index] = Int32(next + 1)
        count += 1
        if count * 2 > slots.count { grow() }
        return (next, true)
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldSlots = slots
        keys = [Int](repeating: 0, count: oldKeys.count * 2)
        slots = [Int32](repeating: 0, count: oldSlots.count * 2)
        let mask = slots.count - 1
        for (key, slot) in zip(oldKeys, oldSlots) where slot != 0 {
            var index = Int(truncatingIfNeeded: TableHash.mix(UInt64(bitPattern: Int64(key)))) & mask
            while slots[index] != 0 { index = (index + 1) & mask }
            keys[index] = key
            slots[index] = slot
        }
    }
}
