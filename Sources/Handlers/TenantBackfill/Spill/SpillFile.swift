import BackfillCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A chunk's spill file under a local temporary directory (`/tmp` in Lambda: 512 MB to 10 GB of ephemeral
/// storage): records are appended in arrival order through a 1 MiB buffer and read back by offset. The file is
/// `tenant-spill-{process}-{n}.bin`; `remove()` deletes it (on success and on failure), and every new spill file
/// first deletes the files other processes left behind (a crash). A full disk, or more bytes than
/// `byteLimit`, is a `writeFailed` error saying how much was spilled and where.
final class SpillFile {
    /// The file's path.
    let path: String
    /// Bytes appended so far (the offset of the next record).
    private(set) var size = 0
    private let byteLimit: Int?
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private var flushed = 0
    static let prefix = "tenant-spill-"
    static let bufferSize = 1 << 20

    /// This process's part of spill file names.
    static let processToken: String = {
        var generator = SystemRandomNumberGenerator()
        return String(getpid()) + "-" + String(generator.next() as UInt32, radix: 16)
    }()
    private static let counter = Atomic<Int>(0)

    /// Creates an empty spill file in `directory`, after removing stale spill files there.
    init(directory: String, byteLimit: Int? = nil) throws(TenantBackfillError) {
        Self.removeStale(in: directory)
        let number = Self.counter.add(1, ordering: .relaxed).newValue
        path = directory + "/" + Self.prefix + Self.processToken + "-" + String(number) + ".bin"
        self.byteLimit = byteLimit
        descriptor = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw TenantBackfillError(
                .writeFailed, "cannot create the chunk's spill file \(path): \(String(cString: strerror(errno)))")
        }
        buffer.reserveCapacity(Self.bufferSize + 4096)
    }

    deinit { remove() }

    /// Appends one framed record (see `SpillCodec`) and returns its offset.
    func append(_ record: ChunkRecords.Record) throws(TenantBackfillError) -> Int {
        let offset = size
        SpillCodec.append(record, to: &buffer)
        size = flushed + buffer.count
        if let byteLimit, size > byteLimit {
            throw full("the spill limit of \(byteLimit) bytes was reached")
        }
        if buffer.count >= Self.bufferSize { try flush() }
        return offset
    }

    /// Writes the buffered records to the file.
    func flush() throws(TenantBackfillError) {
        var failure: Int32?
        buffer.withUnsafeBytes { bytes in
            var done = 0
            while done < bytes.count {
                let written = pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(flushed + done))
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                done += written
            }
        }
        if let failure {
            throw full(String(cString: strerror(failure)))
        }
        flushed += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    /// Reads `count` bytes at `offset` into `target` (all of them unless the file ends) and returns the bytes read.
    func read(at offset: Int, into target: UnsafeMutableRawBufferPointer) throws(TenantBackfillError) -> Int {
        var done = 0
        while done < target.count {
            let count = pread(descriptor, target.baseAddress! + done, target.count - done, off_t(offset + done))
            if count < 0 {
                if errno == EINTR { continue }
                throw TenantBackfillError(
                    .writeFailed, "reading the spill file \(path) failed: \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            done += count
        }
        return done
    }

    /// Closes and deletes the file (again: nothing).
    func remove() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
        unlink(path)
        buffer = []
    }

    private func full(_ reason: String) -> TenantBackfillError {
        TenantBackfillError(
            .writeFailed,
            "the chunk's spill file \(path) could not grow past \(size) bytes (\(reason)): the chunk needs more "
                + "local disk than its temporary directory has; raise the function's ephemeral storage")
    }

    /// Deletes spill files in `directory` that are not this process's: those of earlier processes (a crash leaves
    /// its file behind). A process still writing one keeps reading it: an open file outlives its name.
    static func removeStale(in directory: String) {
        let stale = (DirectoryListing.names(in: directory) ?? []).filter {
            $0.hasPrefix(prefix) && !$0.hasPrefix(prefix + processToken + "-")
        }
        for name in stale { unlink(directory + "/" + name) }
    }
}
