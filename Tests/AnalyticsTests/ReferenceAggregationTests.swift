import Analytics
import Foundation
import Testing
import Timekeeping

@Suite("Aggregates equal agg_python.py's on gen_export.py exports")
struct ReferenceAggregationTests {
    /// Aggregates one data file read in `pieceSize`-byte pieces, as an S3 body streams in.
    static func aggregateFile(_ path: String, pieceSize: Int) throws -> PartialAggregate {
        let compressed = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let reader = try ExportDataFileReader(chunkSize: 8192)
        var aggregator = DailyAggregator()
        aggregator.startFile((path as NSString).lastPathComponent)
        var start = 0
        while start < compressed.count {
            let end = min(start + pieceSize, compressed.count)
            try reader.feed(Array(compressed[start..<end])) { aggregator.add(line: $0) }
            start = end
        }
        try reader.finish { aggregator.add(line: $0) }
        return aggregator.takeAggregate()
    }

    static func dataFiles(_ export: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: export + "/data").filter { $0.hasSuffix(".json.gz") }
            .sorted().map { export + "/data/" + $0 }
    }

    /// The metrics in agg_python.py's `--out` shape.
    static func asReference(_ aggregate: PartialAggregate) -> [String: [String: Int64]] {
        var result: [String: [String: Int64]] = [:]
        for row in aggregate.dailyMetrics() {
            result["\(row.date.iso8601)|\(row.app)"] = [
                "ActiveUsers": Int64(row.activeUsers), "GamesPlayed": row.gamesPlayed,
                "PartiesCreated": row.partiesCreated, "PartiesJoined": row.partiesJoined,
            ]
        }
        return result
    }

    @Test(
        "full and incremental exports: per-file partials, encoded and merged, equal the Python aggregates",
        arguments: [false, true])
    func matchesPython(incremental: Bool) throws {
        try ReferenceScripts.withTemporaryDirectory { scratch in
            let export = try ReferenceScripts.generateExport(
                in: scratch, items: 20_000, files: 4, seed: 7, incremental: incremental)
            let expected = try ReferenceScripts.pythonAggregates(export, scratch: scratch)
            let files = try Self.dataFiles(export)
            #expect(files.count == 4)

            var partials: [PartialAggregate] = []
            for (index, file) in files.enumerated() {
                let partial = try Self.aggregateFile(file, pieceSize: [97, 4096, 1 << 20, 1][index % 4])
                let decoded = try PartialAggregate(encoded: try partial.encoded())
                #expect(decoded == partial)
                partials.append(decoded)
            }
            let merged = PartialAggregate.merged(partials)
            #expect(Self.asReference(merged) == expected)
            #expect(!expected.isEmpty)
            #expect(merged.counts.lines == 20_000)
            #expect(merged.counts.malformed == 0)
            if incremental {
                #expect(merged.counts.deletes > 0)
                #expect(merged.counts.items + merged.counts.deletes == 20_000)
            } else {
                #expect(merged.counts.deletes == 0)
            }
            #expect(merged.apps.count == 5)

            // Aggregating every file with one aggregator equals merging the per-file partials, and reading
            // them with zlib (the fallback engine) gives what the Swift decoder (the default) gave.
            var whole = DailyAggregator()
            for file in files {
                let reader = try ExportDataFileReader(engine: .zlib)
                try reader.feed(Array(try Data(contentsOf: URL(fileURLWithPath: file)))) { whole.add(line: $0) }
                try reader.finish { whole.add(line: $0) }
            }
            #expect(whole.aggregate == merged)
            #expect(whole.aggregate.userSets.values.map(\.count).reduce(0, +) > 0)
        }
    }
}
