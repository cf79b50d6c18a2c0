public import BackfillCore
import HTTP
import Synchronization

/// An ``ObjectStore`` in memory for unit tests: objects, their content types and metadata, a log of writes,
/// and failures injected per key.
public final class InMemoryObjectStore: ObjectStore {
    /// One stored object.
    public struct Object: Sendable, Hashable {
        public var body: [UInt8]
        public var contentType: String
        public var metadata: [String: String]
    }

    private let state = Mutex<(objects: [String: Object], puts: [String], failing: Set<String>)>(
        (objects: [:], puts: [], failing: []))

    public init() {}

    /// Every object's body by key.
    public var objects: [String: [UInt8]] { state.withLock { $0.objects.mapValues(\.body) } }
    /// Every object by key, with content type and metadata.
    public var stored: [String: Object] { state.withLock { $0.objects } }
    /// Every key written, in order (repeats included).
    public var puts: [String] { state.withLock { $0.puts } }
    /// How often each key was written.
    public var putCounts: [String: Int] {
        state.withLock { Dictionary($0.puts.map { ($0, 1) }, uniquingKeysWith: +) }
    }
    /// A body as text.
    public func text(_ key: String) -> String? {
        state.withLock { $0.objects[key].map { String(decoding: $0.body, as: UTF8.self) } }
    }

    /// Makes writes of `key` fail (or succeed again with `false`).
    public func failWrites(of key: String, _ failing: Bool = true) {
        state.withLock { state in
            if failing { state.failing.insert(key) } else { state.failing.remove(key) }
        }
    }

    /// Stores an object directly (test setup).
    public func seed(_ key: String, _ body: [UInt8], contentType: String = "application/octet-stream") {
        state.withLock { $0.objects[key] = Object(body: body, contentType: contentType, metadata: [:]) }
    }

    public func list(prefix: String) async throws -> [StoredObject] {
        state.withLock { state in
            state.objects.filter { $0.key.hasPrefix(prefix) }.map {
                StoredObject(key: $0.key, size: $0.value.body.count)
            }
            .sorted { $0.key < $1.key }
        }
    }

    public func get(_ key: String) async throws -> ObjectBody {
        guard let object = state.withLock({ $0.objects[key] }) else {
            throw ObjectStoreError(.notFound, "no object \(key)", location: "memory")
        }
        return ObjectBody(
            size: object.body.count, chunks: HTTPBodyStream(chunks: object.body.isEmpty ? [] : [object.body]))
    }

    public func put(_ key: String, body: [UInt8], contentType: String, metadata: [String: String]) async throws {
        try state.withLock { state in
            guard !state.failing.contains(key) else {
                throw ObjectStoreError(.write, "S3 put \(key) in memory failed: injected failure", location: "memory")
            }
            state.objects[key] = Object(body: body, contentType: contentType, metadata: metadata)
            state.puts.append(key)
        }
    }

    public func head(_ key: String) async throws -> Int? {
        state.withLock { $0.objects[key]?.body.count }
    }

    public func delete(_ key: String) async throws {
        state.withLock { _ = $0.objects.removeValue(forKey: key) }
    }
}
