public import HTTP
public import Timekeeping

/// One stored object as a listing shows it.
public struct StoredObject: Sendable, Hashable {
    /// The full key (prefix included).
    public var key: String
    /// Size in bytes.
    public var size: Int
    /// When it was last written, when the store says.
    public var lastModified: Timestamp?

    /// An object entry.
    public init(key: String, size: Int, lastModified: Timestamp? = nil) {
        self.key = key
        self.size = size
        self.lastModified = lastModified
    }
}

/// An object being read: its size when known, and the body as chunks with backpressure.
public struct ObjectBody: Sendable {
    /// Content length, when the store sent it.
    public var size: Int?
    /// The body.
    public var chunks: HTTPBodyStream

    /// A body.
    public init(size: Int?, chunks: HTTPBodyStream) {
        self.size = size
        self.chunks = chunks
    }

    /// Reads the whole body (for small objects).
    public func collect(upTo limit: Int = 256 << 20) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await chunk in chunks {
            bytes += chunk
            guard bytes.count <= limit else {
                throw ObjectStoreError(.read, "object body exceeds \(limit) bytes", location: "")
            }
        }
        return bytes
    }
}

/// Where handler families write (and read) objects: a bucket (``S3ObjectStore``) or memory (the testing
/// module's `InMemoryObjectStore`). Keys are full object keys. Failures are ``ObjectStoreError``s naming the
/// action, the key and the bucket, with the AWS error's service, operation, status and request id.
public protocol ObjectStore: Sendable {
    /// Every object under `prefix`, in key order.
    func list(prefix: String) async throws -> [StoredObject]
    /// Starts reading `key`; the body streams. Throws ``ObjectStoreError`` with code `notFound` when missing.
    func get(_ key: String) async throws -> ObjectBody
    /// Writes (or overwrites) `key`, with user metadata.
    func put(_ key: String, body: [UInt8], contentType: String, metadata: [String: String]) async throws
    /// Size of `key`, or nil when it does not exist.
    func head(_ key: String) async throws -> Int?
    /// Removes `key` (no error when it is already gone).
    func delete(_ key: String) async throws
}

extension ObjectStore {
    /// Every key under `prefix`.
    public func keys(prefix: String) async throws -> [String] {
        try await list(prefix: prefix).map(\.key)
    }

    /// Whether `key` exists.
    public func exists(_ key: String) async throws -> Bool {
        try await head(key) != nil
    }

    /// Writes `key` without user metadata.
    public func put(_ key: String, body: [UInt8], contentType: String) async throws {
        try await put(key, body: body, contentType: contentType, metadata: [:])
    }

    /// Reads a whole (small) object.
    public func getBytes(_ key: String) async throws -> [UInt8] {
        try await get(key).collect()
    }
}
