import HTTP

/// Amazon S3 over REST-XML: streaming GetObject, PutObject (multipart above 8 MiB), HeadObject, ListObjectsV2,
/// DeleteObject, CreateBucket, and a streaming upload writer. Path-style URLs on custom endpoints,
/// virtual-hosted otherwise.
public struct S3Client: Sendable {
    /// The shared signed client.
    public let client: AWSClient
    /// Bodies larger than this go up as a multipart upload in parts of this size.
    public var multipartThreshold = 8 << 20

    public init(client: AWSClient) { self.client = client }

    /// Starts downloading an object; the body streams with backpressure. Throws `NoSuchKey` when it is missing.
    public func getObject(bucket: String, key: String, range: ClosedRange<Int>? = nil) async throws -> S3ObjectStream {
        var headers = HTTPHeaders()
        if let range { headers.set("Range", "bytes=\(range.lowerBound)-\(range.upperBound)") }
        let request = try makeRequest("GetObject", "GET", bucket: bucket, key: key, headers: headers)
        let response = try await client.stream(request)
        return S3ObjectStream(metadata: S3ObjectMetadata(headers: response.headers), body: response.body)
    }

    /// Downloads a whole (small) object into memory.
    public func getObjectBytes(bucket: String, key: String) async throws -> [UInt8] {
        try await getObject(bucket: bucket, key: key).collect()
    }

    /// Uploads `body`; above `multipartThreshold` as a multipart upload (aborted if any part fails).
    @discardableResult
    public func putObject(
        bucket: String,
        key: String,
        body: [UInt8],
        contentType: String = "application/octet-stream",
        metadata: [String: String] = [:]
    ) async throws -> S3PutResult {
        if body.count > multipartThreshold {
            let writer = S3UploadWriter(
                s3: self, bucket: bucket, key: key, contentType: contentType, partSize: multipartThreshold,
                metadata: metadata)
            try await writer.write(body)
            return try await writer.finish()
        }
        var headers = HTTPHeaders()
        headers.set("Content-Type", contentType)
        for (name, value) in metadata.sorted(by: { $0.key < $1.key }) { headers.set("x-amz-meta-\(name)", value) }
        let request = try makeRequest("PutObject", "PUT", bucket: bucket, key: key, headers: headers, body: body)
        let response = try await client.send(request)
        return S3PutResult(eTag: response.headers["etag"].map(S3ObjectMetadata.unquote), parts: 0)
    }

    /// An object's metadata, or nil when it does not exist.
    public func headObject(bucket: String, key: String) async throws -> S3ObjectMetadata? {
        do {
            let response = try await client.send(try makeRequest("HeadObject", "HEAD", bucket: bucket, key: key))
            return S3ObjectMetadata(headers: response.headers)
        } catch let error as AWSError where error.status == 404 {
            return nil
        }
    }

    /// Deletes an object (succeeds when it is already gone).
    public func deleteObject(bucket: String, key: String) async throws {
        _ = try await client.send(try makeRequest("DeleteObject", "DELETE", bucket: bucket, key: key))
    }

    /// Creates a bucket in the client's region (tests and `make demo`).
    public func createBucket(_ bucket: String) async throws {
        var body: [UInt8] = []
        var headers = HTTPHeaders()
        let region = client.configuration.region
        if region != "us-east-1" {
            var writer = XMLWriter()
            writer.open("CreateBucketConfiguration", namespace: Self.namespace)
            writer.element("LocationConstraint", region)
            writer.close("CreateBucketConfiguration")
            body = Array(writer.output.utf8)
            headers.set("Content-Type", "application/xml")
        }
        _ = try await client.send(
            try makeRequest("CreateBucket", "PUT", bucket: bucket, key: nil, headers: headers, body: body))
    }

    static let namespace = "http://s3.amazonaws.com/doc/2006-03-01/"

    /// A request for `bucket` (and `key`, when given) with an encoded query.
    func makeRequest(
        _ operation: String,
        _ method: String,
        bucket: String,
        key: String?,
        query: [(String, String)] = [],
        headers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8] = []
    ) throws -> AWSRequest {
        guard !bucket.isEmpty else { throw AWSError(.invalidRequest, "S3 bucket name is empty") }
        if let key, key.isEmpty { throw AWSError(.invalidRequest, "S3 object key is empty") }
        let endpoint = try client.endpoint(for: .s3)
        var url = endpoint.s3BucketURL(bucket)
        if let key {
            url += "/" + AWSURLEncoding.encode(key, keepSlash: true)
        } else if !endpoint.s3PathStyle && AWSEndpoint.isVirtualHostable(bucket) {
            url += "/"
        }
        if !query.isEmpty { url += "?" + AWSURLEncoding.query(query) }
        return AWSRequest(
            service: .s3, operation: operation, method: method, url: url, headers: headers, body: body,
            timeout: .seconds(300))
    }

    /// Parses an XML answer body.
    func parseXML(_ body: [UInt8], operation: String) throws -> XMLElement {
        do {
            return try XMLScanner.parse(body)
        } catch {
            var wrapped = error
            wrapped.service = "s3"
            wrapped.operation = operation
            throw wrapped
        }
    }
}
