import AWS
import Foundation
import JSON

/// Copies a table's chunk files out of moto S3 and reads them with duckdb (`read_parquet('dir/*.parquet')`, all
/// chunks as one table) and pyarrow (each file's schema), as an analyst would.
enum TenantReadBack {
    static let script = """
        import glob, json, sys
        import duckdb, pyarrow.parquet as pq
        directory, id_column = sys.argv[1], sys.argv[2]
        files = sorted(glob.glob(directory + "/*.parquet"))
        schemas = [pq.read_schema(f) for f in files]
        con = duckdb.connect()
        pattern = directory + "/*.parquet"
        total, distinct, chunks = con.execute(
            f"select count(*), count(distinct {id_column}), count(distinct _chunk_start) from read_parquet('{pattern}')"
        ).fetchone()
        print(json.dumps({"files": len(files), "same_schema": all(s.equals(schemas[0]) for s in schemas),
                          "total": total, "distinct_ids": distinct, "chunks": chunks}))
        """

    /// Reads every `*.parquet` under `prefix` (not in `_rejected`) as one table.
    static func read(_ client: AWSClient, bucket: String, prefix: String, idColumn: String) async throws -> JSONValue {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tenant-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let s3 = S3Client(client: client)
        // moto refuses a correctly signed listing whose prefix holds a slash: list by the slash-free head.
        let head = String(prefix.prefix { $0 != "/" })
        for object in try await s3.listAllObjects(bucket: bucket, prefix: head)
        where object.key.hasPrefix(prefix) && object.key.hasSuffix(".parquet") && !object.key.contains("/_rejected/") {
            let name = String(object.key.split(separator: "/").last ?? "")
            let bytes = try await s3.getObjectBytes(bucket: bucket, key: object.key)
            try Data(bytes).write(to: directory.appendingPathComponent(name))
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, directory.path, idColumn]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return try JSONParser.parse([UInt8](data))
    }
}
