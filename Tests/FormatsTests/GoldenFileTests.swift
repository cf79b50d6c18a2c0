import Formats
import Foundation
import JSON
import Testing

@Suite("The writer's output matches the committed golden file byte for byte")
struct GoldenFileTests {
    static let goldenURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden/sample-uncompressed.parquet")

    /// The golden table: every type, a dictionary column, nulls, job id and caller metadata.
    static func goldenTable() throws -> (Table, ParquetWriterOptions) {
        var table = try ParquetReadBackTests.sampleTable(rowCount: 24)
        table.rows[3][4] = .string("ünïcödé ✓")
        var options = ParquetWriterOptions(compression: .uncompressed)
        options.jobID = "golden-job"
        options.keyValueMetadata = ["partition": "2025-11"]
        return (table, options)
    }

    /// UNCOMPRESSED, so the bytes depend on this writer alone and not on the zlib build (GZIP output is
    /// checked for determinism separately). Set `FORMATS_UPDATE_GOLDEN=1` to rewrite the file after an
    /// intended format change, then review and commit it.
    @Test("an uncompressed sample file equals the golden file and the golden file reads back")
    func matchesGolden() async throws {
        let (table, options) = try Self.goldenTable()
        let sink = MemoryByteSink()
        let writer = try ParquetWriter(schema: table.schema, sink: sink, options: options)
        try await writer.write(contentsOf: table.rows)
        _ = try await writer.finish()
        let written = await sink.bytes
        if ProcessInfo.processInfo.environment["FORMATS_UPDATE_GOLDEN"] == "1" {
            try Data(written).write(to: Self.goldenURL)
        }
        let golden = try [UInt8](Data(contentsOf: Self.goldenURL))
        #expect(written.count == golden.count)
        if let first = zip(written, golden).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
            Issue.record("first differing byte at offset \(first) of \(golden.count)")
        }
        expectReadBack(table, try ReaderScript.read(Self.goldenURL.path))
    }

    @Test("GZIP output is deterministic: the same rows give the same bytes")
    func gzipIsDeterministic() async throws {
        let (table, _) = try Self.goldenTable()
        var outputs: [[UInt8]] = []
        for _ in 0..<2 {
            let sink = MemoryByteSink()
            let writer = try ParquetWriter(schema: table.schema, sink: sink)
            try await writer.write(contentsOf: table.rows)
            _ = try await writer.finish()
            outputs.append(await sink.bytes)
        }
        #expect(outputs[0] == outputs[1])
        #expect(outputs[0].prefix(4) == Array("PAR1".utf8)[...] && outputs[0].suffix(4) == Array("PAR1".utf8)[...])
    }
}
