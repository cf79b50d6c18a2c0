import Formats
import Testing

@Suite("Streaming gunzip")
struct InflaterTests {
    /// Text that compresses but not trivially: numbered lines with varying content.
    static func sample(lines: Int, seed: Int = 1) -> [UInt8] {
        var text = ""
        for index in 0..<lines {
            text += "{\"line\":\(index),\"value\":\"\(String(repeating: "ab", count: (index * 7 + seed) % 31))\"}\n"
        }
        return Array(text.utf8)
    }

    /// Inflates `compressed` fed in pieces of `pieceSize` bytes, collecting every output piece's size.
    static func inflate(_ compressed: [UInt8], pieceSize: Int, chunkSize: Int = 4096) throws -> (
        bytes: [UInt8], largestPiece: Int
    ) {
        let inflater = try Inflater(chunkSize: chunkSize)
        var output: [UInt8] = []
        var largest = 0
        var start = 0
        while start < compressed.count {
            let end = min(start + pieceSize, compressed.count)
            try compressed[start..<end].withUnsafeBytes { piece in
                try inflater.feed(piece) { chunk in
                    largest = max(largest, chunk.count)
                    output.append(contentsOf: chunk)
                }
            }
            start = end
        }
        try inflater.finish()
        return (output, largest)
    }

    @Test("a stream fed in pieces of any size inflates to the original bytes", arguments: [1, 7, 1000, 1 << 20])
    func piecesOfAnySize(pieceSize: Int) throws {
        let original = Self.sample(lines: 5000)
        let compressed = try Gzip.compress(original)
        let result = try Self.inflate(compressed, pieceSize: pieceSize)
        #expect(result.bytes == original)
        #expect(result.largestPiece <= 4096)
    }

    @Test("concatenated gzip members inflate to the concatenation, as zcat reads them")
    func multiMember() throws {
        let first = Self.sample(lines: 300, seed: 1)
        let second = Self.sample(lines: 200, seed: 2)
        let compressed = try Gzip.compress(first) + Gzip.compress([]) + Gzip.compress(second, level: 1)
        for pieceSize in [3, 64, compressed.count] {
            #expect(try Self.inflate(compressed, pieceSize: pieceSize).bytes == first + second)
        }
        #expect(try Gzip.decompress(compressed) == first + second)
    }

    @Test("an empty stream inflates to nothing")
    func emptyStream() throws {
        #expect(try Self.inflate([], pieceSize: 10).bytes.isEmpty)
        #expect(try Gzip.decompress(Gzip.compress([])).isEmpty)
    }

    @Test("a stream cut short is an error at finish")
    func truncated() throws {
        let compressed = try Gzip.compress(Self.sample(lines: 100))
        #expect(throws: FormatsError.self) {
            _ = try Self.inflate(Array(compressed.dropLast(5)), pieceSize: 100)
        }
    }

    @Test("corrupt bytes are an error, not garbage output")
    func corrupt() throws {
        var compressed = try Gzip.compress(Self.sample(lines: 100))
        compressed[compressed.count - 6] ^= 0xFF  // the CRC-32 no longer matches
        #expect(throws: FormatsError.self) { _ = try Self.inflate(compressed, pieceSize: 50) }
        #expect(throws: FormatsError.self) { _ = try Gzip.decompress([0x1F, 0x8B, 0x00, 0x00]) }
    }

    @Test("reset starts a new stream with fresh counters")
    func resetCounters() throws {
        let original = Self.sample(lines: 50)
        let compressed = try Gzip.compress(original)
        let inflater = try Inflater()
        for _ in 0..<2 {
            var output: [UInt8] = []
            try compressed.withUnsafeBytes { try inflater.feed($0) { output.append(contentsOf: $0) } }
            try inflater.finish()
            #expect(output == original)
            #expect(inflater.compressedCount == compressed.count)
            #expect(inflater.decompressedCount == original.count)
            inflater.reset()
        }
    }
}
