/// The output format of a handler that writes rows; users pick it per job (`"format": "parquet"` or
/// `"ndjson.gz"`), handlers build the writer through `makeWriter` and name objects with `fileExtension`.
public enum RowFormat: String, Sendable, Hashable, CaseIterable {
    case parquet
    case ndjsonGzip = "ndjson.gz"

    /// The object-key suffix: `.parquet` or `.json.gz`.
    public var fileExtension: String {
        switch self {
        case .parquet: ".parquet"
        case .ndjsonGzip: ".json.gz"
        }
    }

    /// The `Content-Type` to store the object with.
    public var contentType: String {
        switch self {
        case .parquet: "application/vnd.apache.parquet"
        case .ndjsonGzip: "application/gzip"
        }
    }

    /// A writer of this format. `parquetOptions` applies to Parquet; NDJSON.gz uses its GZIP level when
    /// compression is GZIP (level 6 otherwise).
    public func makeWriter(
        schema: RowSchema, sink: any ByteSink, parquetOptions: ParquetWriterOptions = .init()
    ) throws(FormatsError) -> any RowWriter {
        switch self {
        case .parquet:
            return try ParquetWriter(schema: schema, sink: sink, options: parquetOptions)
        case .ndjsonGzip:
            var level = 6
            if case .gzip(let configured) = parquetOptions.compression { level = configured }
            return try NDJSONGzipWriter(schema: schema, sink: sink, compressionLevel: level)
        }
    }
}
