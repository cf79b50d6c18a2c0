import Analytics
import Formats
import SeededRandom
import Testing

/// The Swift decoder against zlib (`Gzip`, `Inflater`): the same bytes out for every valid stream, fed in
/// pieces of any size, and an error (never garbage) for truncated or corrupt ones.
@Suite("Swift gzip decoder against zlib")
struct GzipDecoderTests {
    /// Decodes `compressed` fed in pieces of `pieceSize` bytes; checks the counters on the way out.
    static func decode(_ compressed: [UInt8], pieceSize: Int, chunkSize: Int = 4096) throws -> [UInt8] {
        let decoder = GzipDecoder(chunkSize: chunkSize)
        var output: [UInt8] = []
        var start = 0
        while start < compressed.count {
            let end = min(start + pieceSize, compressed.count)
            try compressed[start..<end].withUnsafeBytes { piece in
                try decoder.feed(piece) { output.append(contentsOf: $0) }
            }
            start = end
        }
        try decoder.finish()
        #expect(decoder.compressedCount == compressed.count)
        #expect(decoder.decompressedCount == output.count)
        return output
    }

    /// Inputs that give stored, fixed and dynamic blocks, long runs and short-distance matches.
    static func inputs() -> [[UInt8]] {
        var random = SeededRandom(seed: 7)
        let noise = (0..<70_000).map { _ in UInt8.random(in: 0...255, using: &random) }
        var text = ""
        for index in 0..<4000 {
            let value = Int.random(in: 0..<100_000, using: &random)
            text +=
                "{\"Item\":{\"modelId\":{\"S\":\"session-app\(index % 7)-\(value)\"},\"n\":{\"N\":\"\(value % 13)\"}}}\n"
        }
        let runs =
            [UInt8](repeating: 0x61, count: 70_000) + Array(String(repeating: "abc", count: 9000).utf8)
            + Array(String(repeating: "abcdefg", count: 5000).utf8) + Array(String(repeating: "xy", count: 7000).utf8)
        return [[], Array("hello hello hello hello".utf8), noise, Array(text.utf8), runs]
    }

    @Test("every input at every level decodes to the original, in pieces of any size", arguments: [0, 1, 6, 9])
    func matchesZlib(level: Int32) throws {
        for original in Self.inputs() {
            let compressed = try Gzip.compress(original, level: level)
            for pieceSize in [5, 777, compressed.count + 1] {
                let decoded = try Self.decode(compressed, pieceSize: pieceSize)
                #expect(decoded == original, "level \(level), \(original.count) bytes, pieces of \(pieceSize)")
            }
            #expect(try Gzip.decompress(compressed) == original)
        }
    }

    @Test("stored, fixed and dynamic blocks are all exercised")
    func blockTypes() throws {
        // BTYPE is bits 1–2 of the first byte after the 10-byte header.
        func firstBlockType(_ bytes: [UInt8], level: Int32) throws -> UInt8 {
            (try Gzip.compress(bytes, level: level)[10] >> 1) & 3
        }
        let inputs = Self.inputs()
        #expect(try firstBlockType(inputs[3], level: 0) == 0)
        #expect(try firstBlockType(inputs[1], level: 6) == 1)
        #expect(try firstBlockType(inputs[3], level: 6) == 2)
    }

    @Test("concatenated members, empty ones included, decode to the concatenation")
    func multiMember() throws {
        let inputs = Self.inputs()
        let compressed = try Gzip.compress(inputs[3]) + Gzip.compress([]) + Gzip.compress(inputs[4], level: 1)
        for pieceSize in [1000, compressed.count] {
            #expect(try Self.decode(compressed, pieceSize: pieceSize, chunkSize: 1 << 20) == inputs[3] + inputs[4])
        }
    }

    @Test("every prefix of a stream is an error that says it is truncated")
    func truncated() throws {
        let compressed = try Gzip.compress(Array(Self.inputs()[3].prefix(3000)))
        for length in 1..<compressed.count {
            do {
                _ = try Self.decode(Array(compressed.prefix(length)), pieceSize: 97)
                Issue.record("a prefix of \(length) of \(compressed.count) bytes decoded")
            } catch let error as AnalyticsError {
                #expect(error.message.contains("truncated"), "\(error.message)")
            }
        }
    }

    @Test("a stream cut inside a dynamic block header, fed as one piece over 64 KiB, is truncated")
    func truncatedInHeaderOfGrownInput() throws {
        // The first member (stored noise) makes the piece outgrow the decoder's 64 KiB input buffer, which is then
        // sized to the piece exactly: the cut falls right before the end of the allocation and its padding.
        let inputs = Self.inputs()
        let first = try Gzip.compress(inputs[2], level: 0)
        let second = try Gzip.compress(inputs[3], level: 6)
        #expect(first.count > 65_536 && (second[10] >> 1) & 3 == 2)
        for cut in 0..<120 {
            let piece = first + second.prefix(10 + cut)
            do {
                _ = try Self.decode(piece, pieceSize: piece.count)
                Issue.record("a stream cut \(cut) bytes into a dynamic header decoded")
            } catch let error as AnalyticsError {
                #expect(error.message.contains("truncated"), "\(error.message)")
            }
        }
    }

    @Test("a wrong CRC-32, length, magic or block type is a clear error")
    func corruptFields() throws {
        let compressed = try Gzip.compress(Array(Self.inputs()[3].prefix(5000)))
        func message(_ bytes: [UInt8]) -> String {
            do {
                _ = try Self.decode(bytes, pieceSize: 100)
                return "decoded"
            } catch {
                return "\(error)"
            }
        }
        var badCRC = compressed
        badCRC[badCRC.count - 8] ^= 0x01
        #expect(message(badCRC).contains("incorrect data check"))
        var badLength = compressed
        badLength[badLength.count - 1] ^= 0x01
        #expect(message(badLength).contains("incorrect length check"))
        var badMagic = compressed
        badMagic[1] = 0x8C
        #expect(message(badMagic).contains("incorrect header check"))
        var badType = compressed
        badType[10] |= 0x06
        #expect(message(badType).contains("invalid block type"))
        #expect(message(compressed + [0x00]).contains("incorrect header check"))
    }

    @Test("random bit flips: when zlib accepts the stream the bytes match, when it rejects it so do we")
    func bitFlips() throws {
        var random = SeededRandom(seed: 11)
        let original = Array(Self.inputs()[3].prefix(20_000))
        let compressed = try Gzip.compress(original)
        for _ in 0..<300 {
            var damaged = compressed
            let index = Int.random(in: 10..<damaged.count, using: &random)
            damaged[index] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &random)
            let expected = try? Gzip.decompress(damaged)
            let decoded = try? Self.decode(damaged, pieceSize: 4096)
            #expect(decoded == expected, "flip at byte \(index)")
        }
    }

    @Test("optional header fields (extra, name, comment, header CRC) are skipped and checked")
    func headerFields() throws {
        let original = Array(Self.inputs()[3].prefix(2000))
        let plain = try Gzip.compress(original)
        var header = Array(plain[0..<10])
        header[3] = 0x04 | 0x08 | 0x10 | 0x02
        // An extra field of 511 bytes: its length's low byte is 0xFF, so a carry into the high byte matters.
        header += [0xFF, 0x01] + [UInt8](repeating: 0xAB, count: 511)
        header += Array("name.json\0".utf8) + Array("a comment\0".utf8)
        let crc = HeaderCRC.crc32(header)
        let withFields = header + [UInt8(crc & 0xFF), UInt8(crc >> 8 & 0xFF)] + plain[10...]
        #expect(try Gzip.decompress(withFields) == original)
        for pieceSize in [1, 13, withFields.count] {
            #expect(try Self.decode(withFields, pieceSize: pieceSize) == original)
        }
        var badHeaderCRC = withFields
        badHeaderCRC[header.count] ^= 0xFF
        #expect(throws: AnalyticsError.self) { _ = try Self.decode(badHeaderCRC, pieceSize: 50) }
    }

    @Test("reset reads the next stream with fresh counters")
    func resetCounters() throws {
        let original = Self.inputs()[3]
        let compressed = try Gzip.compress(original)
        let decoder = GzipDecoder(chunkSize: 8192)
        for _ in 0..<2 {
            var output: [UInt8] = []
            try compressed.withUnsafeBytes { try decoder.feed($0) { output.append(contentsOf: $0) } }
            try decoder.finish()
            #expect(output == original)
            #expect(decoder.compressedCount == compressed.count)
            #expect(decoder.decompressedCount == original.count)
            decoder.reset()
        }
    }
}

/// A bitwise CRC-32 for hand-made gzip headers (test data beside `SeededRandom`).
enum HeaderCRC {
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
