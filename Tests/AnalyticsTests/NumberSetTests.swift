import Testing

@testable import Analytics

/// `NumberSet` against `Set<UInt32>`: a table while sparse, a bitmap once dense, back to a table when a far larger
/// member would make the bitmap bigger; the same members and count in every mode.
@Suite("NumberSet")
struct NumberSetTests {
    /// A small deterministic generator (xorshift), so a failure replays.
    struct Numbers {
        var state: UInt64
        mutating func next(below bound: UInt32) -> UInt32 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt32(truncatingIfNeeded: state % UInt64(bound))
        }
    }

    static func check(_ set: NumberSet, _ reference: Set<UInt32>, _ comment: Comment) {
        #expect(set.count == reference.count, comment)
        #expect(Set(set.members) == reference, comment)
        #expect(set.members.count == reference.count, comment)
    }

    @Test("dense members: a bitmap, same members as a Set, duplicates not counted twice")
    func dense() {
        var set = NumberSet()
        var reference = Set<UInt32>()
        var numbers = Numbers(state: 7)
        for _ in 0..<20_000 {
            let value = numbers.next(below: 5_000)
            set.insert(value)
            reference.insert(value)
        }
        #expect(set.isBitmap)
        Self.check(set, reference, "dense")
    }

    @Test("sparse members over a wide range stay in a table")
    func sparse() {
        var set = NumberSet()
        var reference = Set<UInt32>()
        var numbers = Numbers(state: 11)
        for _ in 0..<300 {
            let value = numbers.next(below: 50_000_000)
            set.insert(value)
            reference.insert(value)
        }
        #expect(!set.isBitmap)
        Self.check(set, reference, "sparse")
    }

    @Test("a bitmap meeting a far larger member turns back into a table, then keeps every member")
    func backToTable() {
        var set = NumberSet()
        var reference = Set<UInt32>()
        for value in UInt32(0)..<64 {
            set.insert(value)
            reference.insert(value)
        }
        #expect(set.isBitmap)
        for value: UInt32 in [40_000_000, 63, 3, 40_000_000, 12_345_678] {
            set.insert(value)
            reference.insert(value)
        }
        #expect(!set.isBitmap)
        Self.check(set, reference, "after the large members")
        var numbers = Numbers(state: 3)
        for _ in 0..<10_000 {
            let value = numbers.next(below: 2_000)
            set.insert(value)
            reference.insert(value)
        }
        Self.check(set, reference, "dense again")
    }

    @Test("a bitmap grows for a slightly larger member and stays a bitmap")
    func widens() {
        var set = NumberSet()
        var reference = Set<UInt32>()
        for value in UInt32(0)..<200 {
            set.insert(value)
            reference.insert(value)
        }
        #expect(set.isBitmap)
        for value in UInt32(200)..<1_000 where value % 3 == 0 {
            set.insert(value)
            reference.insert(value)
        }
        #expect(set.isBitmap)
        Self.check(set, reference, "widened")
    }
}
