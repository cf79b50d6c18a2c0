public import AWS

/// Where the month objects go: the data bucket (``S3CostObjectStore``) or memory (``InMemoryCostObjectStore``).
/// Keys are full object keys (prefix included).
public protocol CostObjectStore: Sendable {
    /// Every key under `prefix`.
    func list(prefix: String) async throws -> [String]
    /// Whether `key` exists.
    func exists(_ key: String) async throws -> Bool
    /// Writes (or overwrites) `key`.
    func put(_ key: String, body: [UInt8], contentType: String) async throws
    /// Removes `key` (no error when it is already gone).
    func delete(_ key: String) async throws
}

/// The data bucket over ``S3Client``: ListObjectsV2, HeadObject, PutObject, DeleteObject.
public struct S3CostObjectStore: CostObjectStore {
    public let s3: S3Client
    public let bucket: String

    /// A store writing to `bucket`.
    public init(s3: S3Client, bucket: String) {
        self.s3 = s3
        self.bucket = bucket
    }

    /// Lists without the prefix's trailing `/` and filters afterwards: moto re-quotes an encoded `/` in the
    /// query before checking the signature, so `prefix=cost%2F` fails there (real S3 accepts both).
    public func list(prefix: String) async throws -> [String] {
        let requested = prefix.hasSuffix("/") ? String(prefix.dropLast()) : prefix
        return try await wrap("list") {
            try await s3.listAllObjects(bucket: bucket, prefix: requested.isEmpty ? nil : requested).map(\.key)
                .filter { $0.hasPrefix(prefix) }
        }
    }

    public func exists(_ key: String) async throws -> Bool {
        try await wrap("head \(key)") { try await s3.headObject(bucket: bucket, key: key) != nil }
    }

    public func put(_ key: String, body: [UInt8], contentType: String) async throws {
        try await wrap("put \(key)") {
            _ = try await s3.putObject(bucket: bucket, key: key, body: body, contentType: contentType)
        }
    }

    public func delete(_ key: String) async throws {
        try await wrap("delete \(key)") { try await s3.deleteObject(bucket: bucket, key: key) }
    }

    /// Runs `body`, turning AWS failures into `output` errors naming the bucket and the action.
    private func wrap<Result>(_ action: String, _ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch let error as AWSError {
            let code = error.serviceCode.map { "\($0): " } ?? ""
            throw CostBackfillError(
                .output, "S3 \(action) in \(bucket) failed: \(code)\(error.message)", context: ["bucket": bucket])
        }
    }
}
