/// How a `ParquetWriter` lays out and compresses its file. The defaults suit Lambda: 1 MiB pages, row
/// groups cut at about 32 MiB of buffered (compressed) data, GZIP level 6.
public struct ParquetWriterOptions: Sendable, Hashable {
    /// The page codec.
    public enum Compression: Sendable, Hashable {
        case uncompressed
        /// GZIP (RFC 1952) at a zlib level from 1 (fast) to 9 (small).
        case gzip(level: Int)

        /// Parquet's `CompressionCodec` value.
        var codec: Int32 {
            switch self {
            case .uncompressed: 0
            case .gzip: 2
            }
        }
    }

    public var compression: Compression = .gzip(level: 6)
    /// A data page is closed when its encoded values reach this many bytes…
    public var pageSize = 1 << 20
    /// …or this many rows.
    public var maxRowsPerPage = 20_000
    /// A row group is written out when the data it buffers (compressed pages, open pages, dictionaries)
    /// reaches this many bytes; this bounds the writer's memory.
    public var rowGroupSize = 32 << 20
    /// A row group is also written out after this many rows.
    public var maxRowsPerRowGroup = 1 << 20
    /// A column chunk's dictionary stops growing at this size; later values of the chunk are written plain.
    public var dictionaryPageSizeLimit = 1 << 20
    /// Byte-array min and max statistics longer than this are left out of the footer.
    public var maxStatisticsSize = 4096
    /// Recorded in the key-value metadata as `backfill.job_id` when set.
    public var jobID: String?
    /// More key-value metadata, written sorted by key after the writer's own entries.
    public var keyValueMetadata: [String: String] = [:]
    /// The application that wrote the file: `created_by` is `"\(writerName) version \(writerVersion)"`.
    public var writerName = "backfill-formats"
    public var writerVersion = "0.1.0"

    public init() {}

    /// Options with `compression` and everything else at its default.
    public init(compression: Compression) {
        self.compression = compression
    }
}
