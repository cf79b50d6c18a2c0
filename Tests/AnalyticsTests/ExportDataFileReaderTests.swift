import Analytics
import Formats
import Testing

@Suite("Data file reader")
struct ExportDataFileReaderTests {
    static func lines(
        of compressed: [UInt8], pieceSize: Int, chunkSize: Int = 64,
        engine: ExportDataFileReader.Engine = ExportDataFileReader.defaultEngine
    ) throws -> [String] {
        let reader = try ExportDataFileReader(chunkSize: chunkSize, engine: engine)
        var lines: [String] = []
        var start = 0
        while start < compressed.count {
            let end = min(start + pieceSize, compressed.count)
            try reader.feed(Array(compressed[start..<end])) { lines.append(String(decoding: $0, as: UTF8.self)) }
            start = end
        }
        try reader.finish { lines.append(String(decoding: $0, as: UTF8.self)) }
        return lines
    }

    @Test(
        "lines cut by chunk boundaries come out whole, in order, with either engine",
        arguments: [1, 5, 64, 100_000], [ExportDataFileReader.Engine.swift, .zlib])
    func boundaries(pieceSize: Int, engine: ExportDataFileReader.Engine) throws {
        let expected = (0..<3000).map { "{\"line\":\($0),\"pad\":\"\(String(repeating: "x", count: $0 % 150))\"}" }
        let compressed = try Gzip.compress(Array((expected.joined(separator: "\n") + "\n").utf8))
        #expect(try Self.lines(of: compressed, pieceSize: pieceSize, engine: engine) == expected)
    }

    @Test("a last line without a newline is still read")
    func lastLineWithoutNewline() throws {
        #expect(try Self.lines(of: try Gzip.compress(Array("a\nb".utf8)), pieceSize: 2) == ["a", "b"])
    }

    @Test("an empty data file (empty gzip, or zero bytes) has no lines")
    func emptyFile() throws {
        #expect(try Self.lines(of: try Gzip.compress([]), pieceSize: 10).isEmpty)
        #expect(try Self.lines(of: [], pieceSize: 10).isEmpty)
        var aggregator = DailyAggregator()
        try ExportDataFileReader().finish { aggregator.add(line: $0) }
        #expect(aggregator.aggregate == PartialAggregate())
    }

    @Test(
        "a line longer than the limit and a truncated file are errors",
        arguments: [ExportDataFileReader.Engine.swift, .zlib])
    func limits(engine: ExportDataFileReader.Engine) throws {
        let long = try Gzip.compress(Array((String(repeating: "y", count: 5000) + "\n").utf8))
        let reader = try ExportDataFileReader(chunkSize: 1024, maximumLineLength: 4096, engine: engine)
        #expect(throws: AnalyticsError.self) { try reader.feed(long) { _ in } }
        let truncated = Array(try Gzip.compress(Array("a\nb\n".utf8)).dropLast(4))
        #expect(throws: AnalyticsError.self) { _ = try Self.lines(of: truncated, pieceSize: 3, engine: engine) }
    }
}
