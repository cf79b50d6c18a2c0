public import HTTP
public import Timekeeping

/// What S3 says about an object (HeadObject, or the headers of GetObject).
public struct S3ObjectMetadata: Sendable, Equatable {
    public var contentLength: Int?
    public var contentType: String?
    /// The entity tag without quotes.
    public var eTag: String?
    public var lastModified: Timestamp?
    /// `x-amz-meta-*` values keyed by the lowercased name after the prefix.
    public var userMetadata: [String: String]

    init(headers: HTTPHeaders) {
        contentLength = headers["content-length"].flatMap { Int($0) }
        contentType = headers["content-type"]
        eTag = headers["etag"].map(S3ObjectMetadata.unquote)
        lastModified = headers["last-modified"].flatMap(ISO8601Timestamp.parseHTTPDate)
        var metadata: [String: String] = [:]
        for field in headers where field.name.lowercased().hasPrefix("x-amz-meta-") {
            metadata[String(field.name.lowercased().dropFirst("x-amz-meta-".count))] = field.value
        }
        userMetadata = metadata
    }

    static func unquote(_ text: String) -> String {
        text.count >= 2 && text.hasPrefix("\"") && text.hasSuffix("\"") ? String(text.dropFirst().dropLast()) : text
    }
}

/// An object being downloaded: its metadata and a body that streams in constant memory.
public struct S3ObjectStream: Sendable {
    public var metadata: S3ObjectMetadata
    public var body: HTTPBodyStream

    /// Reads the whole body (for small objects).
    public func collect(upTo limit: Int = 256 << 20) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await chunk in body {
            bytes += chunk
            if bytes.count > limit {
                throw AWSError(.invalidResponse, "object body exceeds \(limit) bytes", service: "s3")
            }
        }
        return bytes
    }
}

/// One entry of a ListObjectsV2 page.
public struct S3Object: Sendable, Equatable {
    public var key: String
    public var size: Int
    public var eTag: String?
    public var lastModified: Timestamp?
}

/// One ListObjectsV2 page: objects, common prefixes (with a delimiter), and the token for the next page.
public struct S3ListPage: Sendable, Equatable {
    public var objects: [S3Object]
    public var commonPrefixes: [String]
    /// Set when the listing continues.
    public var nextContinuationToken: String?
}

/// The result of PutObject or a completed multipart upload.
public struct S3PutResult: Sendable, Equatable {
    /// The entity tag without quotes (a multipart upload's ends in `-N`).
    public var eTag: String?
    /// How many parts were uploaded (0 for a single PutObject).
    public var parts: Int
}

/// One uploaded part of a multipart upload.
public struct S3CompletedPart: Sendable, Equatable {
    public var partNumber: Int
    public var eTag: String
}
