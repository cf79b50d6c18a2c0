import Formats
import JSON
import Testing

@Suite("Random schemas and values round-trip through pyarrow and duckdb")
struct ParquetPropertyTests {
    @Test("seeded random tables read back exactly", arguments: [UInt64(1), 2, 3])
    func randomTablesRoundTrip(batch: UInt64) async throws {
        try await withTemporaryDirectory { directory in
            var tables: [(path: String, table: Table, seed: UInt64)] = []
            for offset in UInt64(0)..<10 {
                let seed = batch * 1_000 + offset
                var random = RandomTables(seed: seed)
                let table = try random.table()
                let path = directory + "/random-\(seed).parquet"
                _ = try await table.writeParquet(to: path, options: random.options())
                tables.append((path, table, seed))
            }
            let results = try ReaderScript.read(tables.map(\.path))
            for (path, table, seed) in tables {
                let result = try #require(results[path], "seed \(seed)")
                #expect(result["pyarrow"]?["num_rows"]?.intValue == Int64(table.rows.count), "seed \(seed)")
                expectReadBack(table, result)
            }
        }
    }
}
