import Formats
import Foundation
import JSON
import Testing

/// A sink that fails after a number of writes, to check that failures surface as `sinkFailed`.
actor FailingSink: ByteSink {
    struct Broken: Error {}
    private var writesLeft: Int
    init(writesLeft: Int) { self.writesLeft = writesLeft }

    func write(_ chunk: [UInt8]) async throws {
        guard writesLeft > 0 else { throw Broken() }
        writesLeft -= 1
    }

    func close() async throws {}
}

@Suite("Writer behaviour: rejected rows, failures, streaming and sinks")
struct WriterBehaviourTests {
    static let schema = try! RowSchema([.init("id", .int32, nullable: false), .init("name", .string)])

    @Test("a rejected row leaves the writer usable and stores nothing of it")
    func rejectedRowsAreAtomic() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory + "/atomic.parquet"
            let writer = try ParquetWriter(schema: Self.schema, sink: try FileByteSink(path: path))
            try await writer.write([.int(1), .string("one")])
            let mismatch = await #expect(throws: FormatsError.self) { try await writer.write([.int(2), .int(2)]) }
            #expect(mismatch?.code == .typeMismatch && mismatch?.context["column"] == "name")
            let range = await #expect(throws: FormatsError.self) { try await writer.write([.int(1 << 40), .null]) }
            #expect(range?.code == .valueOutOfRange)
            let required = await #expect(throws: FormatsError.self) { try await writer.write([.null, .string("x")]) }
            #expect(required?.code == .missingRequiredValue)
            let shape = await #expect(throws: FormatsError.self) { try await writer.write([.int(3)]) }
            #expect(shape?.code == .rowShape)
            try await writer.write([.int(3), .null])
            let summary = try await writer.finish()
            #expect(summary.rowCount == 2)
            let again = await #expect(throws: FormatsError.self) { try await writer.write([.int(4), .null]) }
            #expect(again?.code == .writerFinished)
            let table = Table(schema: Self.schema, rows: [[.int(1), .string("one")], [.int(3), .null]])
            expectReadBack(table, try ReaderScript.read(path))
        }
    }

    @Test("a failing sink surfaces as sinkFailed with its error, and the writer stays failed")
    func sinkFailure() async throws {
        var options = ParquetWriterOptions()
        options.rowGroupSize = 1
        let writer = try ParquetWriter(schema: Self.schema, sink: FailingSink(writesLeft: 2), options: options)
        let error = await #expect(throws: FormatsError.self) {
            for index in 0..<10 { try await writer.write([.int(Int64(index)), .string("row")]) }
        }
        #expect(error?.code == .sinkFailed)
        #expect(error?.underlying is FailingSink.Broken)
        let later = await #expect(throws: FormatsError.self) { _ = try await writer.finish() }
        #expect(later?.code == .sinkFailed)
    }

    @Test("row groups go to the sink while rows are still coming, so memory stays bounded")
    func streamsRowGroups() async throws {
        let sink = MemoryByteSink()
        var options = ParquetWriterOptions()
        options.rowGroupSize = 16 * 1024
        let writer = try ParquetWriter(schema: Self.schema, sink: sink, options: options)
        var sizes: [Int] = []
        for batch in 0..<4 {
            for index in 0..<5_000 {
                try await writer.write([.int(Int64(batch * 5_000 + index)), .string("name \(index * 7_919 % 10_007)")])
            }
            sizes.append(await sink.bytes.count)
        }
        #expect(sizes.allSatisfy { $0 > 0 })
        #expect(zip(sizes, sizes.dropFirst()).allSatisfy { $0 < $1 })
        #expect(await sink.isClosed == false)
        let summary = try await writer.finish()
        #expect(summary.rowGroupCount >= 4)
        #expect(await sink.isClosed)
        #expect(summary.byteCount == (await sink.bytes.count))
    }

    @Test("a file sink shows the file under its name only after close")
    func fileSinkRenamesOnClose() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory + "/out.bin"
            let sink = try FileByteSink(path: path)
            try await sink.write([1, 2, 3])
            #expect(!FileManager.default.fileExists(atPath: path))
            #expect(FileManager.default.fileExists(atPath: path + ".partial"))
            try await sink.close()
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data([1, 2, 3]))
            #expect(!FileManager.default.fileExists(atPath: path + ".partial"))
        }
    }

    @Test("a file sink in a missing directory fails with sinkFailed naming the path")
    func fileSinkMissingDirectory() {
        let error = #expect(throws: FormatsError.self) { _ = try FileByteSink(path: "/nonexistent-dir/x.parquet") }
        #expect(error?.code == .sinkFailed && error?.context["path"] == "/nonexistent-dir/x.parquet.partial")
    }
}
