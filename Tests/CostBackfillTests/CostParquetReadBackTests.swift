import BackfillTesting
import CostBackfill
import CostExplorerFake
import Foundation
import JSON
import Testing

@Suite("cost Parquet files read back with pyarrow and duckdb")
struct CostParquetReadBackTests {
    @Test("both files hold the month's rows, as both readers see them")
    func readBack() async throws {
        let world = CostFixtures.World()
        _ = try await world.invoke(#"{"backfill": true, "months": 1}"#)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cost-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var paths: [String: String] = [:]
        for name in ["cost-by-workload.parquet", "cost-by-usage-type.parquet"] {
            let path = directory.appendingPathComponent(name).path
            let bytes = try #require(world.objects.objects["cost/2025-10/\(name)"])
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            paths[name] = path
        }
        let output = try Self.read(Array(paths.values))
        let lines = CostExplorerFakeData.lines("2025-10")

        let usage = try #require(output[paths["cost-by-usage-type.parquet"]!])
        for reader in ["pyarrow", "duckdb"] {
            let values = try #require(usage[reader]?["values"])
            #expect(values["usage_type"]?.arrayValue?.count == lines.count, "\(reader)")
            let costs = values["net_amortized_cost"]?.arrayValue?.compactMap { Self.double($0) } ?? []
            let expected: Double = lines.reduce(0) { $0 + $1.cost }
            let total: Double = costs.reduce(0, +)
            #expect(total == expected, "\(reader)")
            let workloads = values["workload"]?.arrayValue ?? []
            #expect(workloads.filter(\.isNull).count == CostExplorerFakeData.usageTypes.count, "\(reader): untagged")
            #expect(values["period"]?.arrayValue?.allSatisfy { $0 == "2025-10" } == true)
        }
        let workloads = try #require(output[paths["cost-by-workload.parquet"]!])
        for reader in ["pyarrow", "duckdb"] {
            let values = try #require(workloads[reader]?["values"])
            #expect(values["workload"]?.arrayValue?.count == CostExplorerFakeData.workloads.count, "\(reader)")
            let centres = Set(values["cost_centre"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            #expect(centres == Set(CostExplorerFakeData.centres.values), "\(reader)")
        }
        #expect(usage["pyarrow"]?["key_value"]?["backfill.period"] == "2025-10")
    }

    /// A `d:<hex>` double from the reader script.
    static func double(_ value: JSONValue) -> Double? {
        guard let text = value.stringValue, text.hasPrefix("d:"), let bits = UInt64(text.dropFirst(2), radix: 16) else {
            return nil
        }
        return Double(bitPattern: bits)
    }

    /// Runs `scripts/read_parquet.py`; fails with the pip command when pyarrow or duckdb is missing.
    static func read(_ paths: [String]) throws -> [String: JSONValue] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", CostFixtures.packageRoot + "/scripts/read_parquet.py"] + paths
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let parsed = try JSONParser.parse([UInt8](data))
        if let error = parsed["error"]?.stringValue { throw CostBackfillError(.output, error) }
        var result: [String: JSONValue] = [:]
        for (path, value) in parsed.objectValue ?? [:] { result[path] = value }
        return result
    }
}
