public import AWS

/// A bucket as an ``ObjectStore`` over ``S3Client``: ListObjectsV2, GetObject (streaming), PutObject (multipart
/// above the client's threshold), HeadObject, DeleteObject.
public struct S3ObjectStore: ObjectStore {
    public let s3: S3Client
    public let bucket: String

    /// A store over `bucket`.
    public init(s3: S3Client, bucket: String) {
        self.s3 = s3
        self.bucket = bucket
    }

    /// Lists by the longest prefix without a `/` and filters afterwards: moto rejects a correctly signed listing
    /// whose prefix holds an encoded `/` (real S3 accepts both), and the result is the same.
    public func list(prefix: String) async throws -> [StoredObject] {
        let requested = String(prefix.prefix { $0 != "/" })
        return try await wrap(.read, "list \(prefix)") {
            try await s3.listAllObjects(bucket: bucket, prefix: requested.isEmpty ? nil : requested)
                .filter { $0.key.hasPrefix(prefix) }
                .map { StoredObject(key: $0.key, size: $0.size, lastModified: $0.lastModified) }
        }
    }

    public func get(_ key: String) async throws -> ObjectBody {
        try await wrap(.read, "get \(key)") {
            let stream = try await s3.getObject(bucket: bucket, key: key)
            return ObjectBody(size: stream.metadata.contentLength, chunks: stream.body)
        }
    }

    public func put(_ key: String, body: [UInt8], contentType: String, metadata: [String: String]) async throws {
        try await wrap(.write, "put \(key)") {
            _ = try await s3.putObject(
                bucket: bucket, key: key, body: body, contentType: contentType, metadata: metadata)
        }
    }

    public func head(_ key: String) async throws -> Int? {
        try await wrap(.read, "head \(key)") {
            try await s3.headObject(bucket: bucket, key: key).map { $0.contentLength ?? 0 }
        }
    }

    public func delete(_ key: String) async throws {
        try await wrap(.write, "delete \(key)") { try await s3.deleteObject(bucket: bucket, key: key) }
    }

    /// Runs `body`, turning AWS failures into ``ObjectStoreError``s naming the action and the bucket.
    private func wrap<Result>(
        _ code: ObjectStoreError.Code,
        _ action: String,
        _ body: () async throws -> Result
    ) async throws -> Result {
        do {
            return try await body()
        } catch let error as AWSError {
            let prefix = error.serviceCode.map { "\($0): " } ?? ""
            throw ObjectStoreError(
                error.isNotFound ? .notFound : code, "S3 \(action) in \(bucket) failed: \(prefix)\(error.message)",
                location: bucket, aws: AWSErrorDetails(error))
        }
    }
}
