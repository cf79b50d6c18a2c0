#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes to a local file. Bytes go to `PATH.partial` first and the file is renamed to `PATH` on `close`,
/// so a reader (or a retried partition) never sees a half-written file under the final name.
public actor FileByteSink: ByteSink {
    /// The final path of the file.
    public nonisolated let path: String
    private let partialPath: String
    private var descriptor: Int32
    /// Bytes written so far.
    public private(set) var bytesWritten = 0

    /// Creates (or truncates) `PATH.partial` with mode 0644.
    public init(path: String) throws(FormatsError) {
        self.path = path
        self.partialPath = path + ".partial"
        let descriptor = open(partialPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw FormatsError(.sinkFailed, "cannot create file: \(Self.errnoText())", context: ["path": partialPath])
        }
        self.descriptor = descriptor
    }

    deinit {
        // Abandoned without `close`: release the descriptor and leave no partial file behind.
        if descriptor >= 0 {
            _ = Self.closeDescriptor(descriptor)
            _ = unlink(partialPath)
        }
    }

    public func write(_ chunk: [UInt8]) async throws {
        guard descriptor >= 0 else { throw FormatsError(.sinkFailed, "write after close", context: ["path": path]) }
        let failedErrno: Int32? = chunk.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Self.writeDescriptor(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
        if let failedErrno {
            let text = String(cString: strerror(failedErrno))
            throw FormatsError(.sinkFailed, "write failed: \(text)", context: ["path": path])
        }
        bytesWritten += chunk.count
    }

    public func close() async throws {
        guard descriptor >= 0 else { return }
        let closed = Self.closeDescriptor(descriptor)
        descriptor = -1
        guard closed == 0 else {
            _ = unlink(partialPath)
            throw FormatsError(.sinkFailed, "close failed: \(Self.errnoText())", context: ["path": path])
        }
        guard rename(partialPath, path) == 0 else {
            _ = unlink(partialPath)
            throw FormatsError(.sinkFailed, "rename failed: \(Self.errnoText())", context: ["path": path])
        }
    }

    private static func closeDescriptor(_ descriptor: Int32) -> Int32 {
        #if canImport(Glibc)
            Glibc.close(descriptor)
        #else
            Darwin.close(descriptor)
        #endif
    }

    private static func writeDescriptor(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
            Glibc.write(descriptor, bytes, count)
        #else
            Darwin.write(descriptor, bytes, count)
        #endif
    }

    private static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}
