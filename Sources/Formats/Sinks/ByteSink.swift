/// Where a writer's output goes: a local file, memory, or an S3 multipart upload. Writers hand over chunks
/// in order (each at most about one row group or one compression buffer) and call `close` once at the end.
///
/// Implementations decide how to buffer; an S3 adapter collects chunks into parts of at least 5 MiB.
public protocol ByteSink: Sendable {
    /// Appends `chunk` to the output.
    func write(_ chunk: [UInt8]) async throws
    /// Completes the output; no `write` follows. A file is complete and visible under its name after this.
    func close() async throws
}

/// Keeps everything written in memory; for tests and small outputs.
public actor MemoryByteSink: ByteSink {
    /// Every byte written so far, in order.
    public private(set) var bytes: [UInt8] = []
    /// How many chunks were written (a test of streaming behaviour looks at this).
    public private(set) var chunkCount = 0
    /// Whether `close` was called.
    public private(set) var isClosed = false

    public init() {}

    public func write(_ chunk: [UInt8]) async throws {
        guard !isClosed else { throw FormatsError(.sinkFailed, "write after close") }
        bytes += chunk
        chunkCount += 1
    }

    public func close() async throws {
        isClosed = true
    }
}
