import SeededRandom
import Testing

@testable import Formats

@Suite("RLE/bit-packed hybrid and Thrift compact encodings")
struct EncodingTests {
    /// Bit-packs LSB first one bit at a time: a second, deliberately naive implementation to compare with.
    static func naiveBitPack(_ values: [UInt32], bitWidth: Int) -> [UInt8] {
        var bits: [Bool] = []
        for value in values { for bit in 0..<bitWidth { bits.append(value >> UInt32(bit) & 1 == 1) } }
        return stride(from: 0, to: bits.count, by: 8).map { start in
            (0..<8).reduce(UInt8(0)) { byte, offset in
                start + offset < bits.count && bits[start + offset] ? byte | 1 << UInt8(offset) : byte
            }
        }
    }

    static func encode(_ values: [UInt32], bitWidth: Int) -> [UInt8] {
        var output: [UInt8] = []
        values.withUnsafeBufferPointer { RLEHybridEncoder.encode($0, bitWidth: bitWidth, into: &output) }
        return output
    }

    @Test("the specification's bit-packing example 0…7 at width 3 is 0x88 0xC6 0xFA")
    func specificationExample() {
        #expect(Self.encode(Array(0..<8), bitWidth: 3) == [0x03, 0x88, 0xC6, 0xFA])
    }

    @Test("a run of eight or more equal values becomes one RLE run")
    func rleRun() {
        #expect(Self.encode(Array(repeating: 4, count: 10), bitWidth: 3) == [0x14, 0x04])
        #expect(Self.encode(Array(repeating: 300, count: 200), bitWidth: 9) == [0x90, 0x03, 0x2C, 0x01])
    }

    @Test("literals before a run are filled to a group of eight with values borrowed from the run")
    func literalsBorrowFromRun() {
        let values: [UInt32] = [0, 1, 2] + Array(repeating: 5, count: 13) + [6]
        let expected =
            [0x03] + Self.naiveBitPack([0, 1, 2, 5, 5, 5, 5, 5], bitWidth: 3) + [0x10, 0x05]
            + [0x03] + Self.naiveBitPack([6, 0, 0, 0, 0, 0, 0, 0], bitWidth: 3)
        #expect(Self.encode(values, bitWidth: 3) == expected)
    }

    @Test("random values bit-pack exactly like a naive packer", arguments: [1, 2, 5, 8, 13, 20])
    func randomValues(bitWidth: Int) {
        var generator = SeededRandom(seed: UInt64(bitWidth))
        let values = (0..<64).map { _ in UInt32.random(in: 0..<(1 << UInt32(bitWidth)), using: &generator) }
        let encoded = Self.encode(values, bitWidth: bitWidth)
        // Random values rarely repeat 8 times: one bit-packed run of 8 groups (header 8 << 1 | 1).
        #expect(encoded == [0x11] + Self.naiveBitPack(values, bitWidth: bitWidth))
    }

    @Test("bit widths cover the largest dictionary index")
    func bitWidths() {
        #expect(RLEHybridEncoder.bitWidth(forMaximum: 0) == 1)
        #expect(RLEHybridEncoder.bitWidth(forMaximum: 1) == 1)
        #expect(RLEHybridEncoder.bitWidth(forMaximum: 2) == 2)
        #expect(RLEHybridEncoder.bitWidth(forMaximum: 255) == 8)
        #expect(RLEHybridEncoder.bitWidth(forMaximum: 256) == 9)
    }

    @Test("Thrift compact fields use short deltas, long ids, zigzag varints and boolean type nibbles")
    func thriftFields() {
        var writer = ThriftCompactWriter()
        writer.i32(1, 2)
        writer.i64(2, -1)
        writer.bool(3, true)
        writer.i32(20, 300)
        writer.string(21, "ab")
        #expect(
            writer.finishTopLevel() == [
                0x15, 0x04, 0x16, 0x01, 0x11, 0x05, 0x28, 0xD8, 0x04, 0x18, 0x02, 0x61, 0x62, 0x00,
            ])
    }

    @Test("Thrift compact lists and nested structs restart field ids")
    func thriftListsAndStructs() {
        var writer = ThriftCompactWriter()
        writer.beginStruct(1)
        writer.i32(1, 7)
        writer.endStruct()
        writer.beginList(2, .i32, count: 16)
        for value in 0..<16 { writer.i32Value(Int32(value)) }
        writer.beginList(3, .struct, count: 1)
        writer.beginStructValue()
        writer.bool(1, false)
        writer.endStruct()
        let expected: [UInt8] =
            [0x1C, 0x15, 0x0E, 0x00, 0x19, 0xF5, 0x10] + (0..<16).map { UInt8($0 * 2) }
            + [0x19, 0x1C, 0x12, 0x00, 0x00]
        #expect(writer.finishTopLevel() == expected)
    }
}
