import Foundation
import JSON

/// Runs python3 with pyarrow and duckdb over a folder of chunk files and returns what it printed (JSON).
enum ReadBackScript {
    static let pipCommand = "python3 -m pip install pyarrow duckdb"

    /// Reads every `*.parquet` in `directory` as one table (duckdb `read_parquet('dir/*.parquet')`) and each
    /// file on its own (pyarrow), and every `*.ndjson.gz` under `rejectedDirectory` (gzip + json).
    static let script = """
        import glob, gzip, json, sys
        import duckdb, pyarrow.parquet as pq
        directory, rejected_dir, id_column = sys.argv[1], sys.argv[2], sys.argv[3]
        files = sorted(glob.glob(directory + "/*.parquet"))
        schemas = [pq.read_schema(f) for f in files]
        tables = [pq.read_table(f) for f in files]
        con = duckdb.connect()
        pattern = directory + "/*.parquet"
        total, distinct, hashes, chunks = con.execute(
            f"select count(*), count(distinct {id_column}), count(distinct _record_hash), count(distinct _chunk_start) "
            f"from read_parquet('{pattern}')").fetchone()
        columns = [[r[0], r[1]] for r in con.execute(f"describe select * from read_parquet('{pattern}')").fetchall()]
        ids = [r[0] for r in con.execute(f"select {id_column} from read_parquet('{pattern}') order by 1").fetchall()]
        extra = con.execute(f"select count(*) from read_parquet('{pattern}') where _extra is not null").fetchone()[0]
        first = tables[0].to_pylist()[0] if tables and tables[0].num_rows else {}
        rejected = []
        for f in sorted(glob.glob(rejected_dir + "/*.ndjson.gz")):
            with gzip.open(f, "rt", encoding="utf-8") as handle:
                rejected += [json.loads(line) for line in handle if line.strip()]
        print(json.dumps({
            "files": len(files), "same_schema": all(s.equals(schemas[0]) for s in schemas),
            "rows_per_file": [t.num_rows for t in tables], "total": total, "distinct_ids": distinct,
            "distinct_hashes": hashes, "chunks": chunks, "columns": columns, "ids": [str(i) for i in ids],
            "with_extra": extra, "first": {k: (v if isinstance(v, (int, float, str, bool)) or v is None else str(v))
                                           for k, v in first.items()},
            "rejected": rejected,
            "metadata": {k.decode(): v.decode() for k, v in (schemas[0].metadata or {}).items()} if schemas else {},
        }))
        """

    static func read(directory: String, rejectedDirectory: String, idColumn: String) throws -> JSONValue {
        try JSONParser.parse(run(script, [directory, rejectedDirectory, idColumn]))
    }

    /// What `python3 -c script arguments…` printed; a failure says what to install.
    static func run(_ script: String, _ arguments: [String]) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ReadBackError("python3 failed (\(process.terminationStatus)); needs \(pipCommand): \(errorText)")
        }
        return [UInt8](data)
    }
}

struct ReadBackError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A fresh directory under the system's temporary directory, removed after `body`.
func withTemporaryDirectory<Result>(_ body: (String) async throws -> Result) async throws -> Result {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("tenant-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try await body(url.path)
}

/// Creates the folders of `path`.
func makeParentDirectory(of path: String) throws {
    let parent = URL(fileURLWithPath: path).deletingLastPathComponent()
    try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
}
