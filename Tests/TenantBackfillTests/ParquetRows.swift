import Foundation
import JSON

/// Reads Parquet files back row by row with pyarrow (python3), as `ReadBackScript` does: a JSON array per file
/// of its rows as objects (dates and timestamps as text).
enum ParquetRows {
    static let script = """
        import json, sys
        import pyarrow.parquet as pq
        print(json.dumps([pq.read_table(f).to_pylist() for f in sys.argv[1:]], default=str))
        """

    /// Writes `files` under `directory/rows/` and returns their rows, one array per file.
    static func read(_ files: [[UInt8]], in directory: String) throws -> [JSONValue] {
        let folder = URL(fileURLWithPath: directory).appendingPathComponent("rows")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var paths: [String] = []
        for (index, bytes) in files.enumerated() {
            let url = folder.appendingPathComponent("file-\(index).parquet")
            try Data(bytes).write(to: url)
            paths.append(url.path)
        }
        let data = try ReadBackScript.run(script, paths)
        guard case .array(let tables) = try JSONParser.parse(data) else {
            throw ReadBackError("pyarrow printed no list of tables")
        }
        return tables
    }
}
