import HTTP

extension S3Client {
    /// One page of ListObjectsV2 under `prefix`; with a `delimiter`, keys below it are rolled up into
    /// `commonPrefixes`. Pass the previous page's `nextContinuationToken` to continue.
    public func listObjectsV2(
        bucket: String,
        prefix: String? = nil,
        delimiter: String? = nil,
        continuationToken: String? = nil,
        maxKeys: Int? = nil
    ) async throws -> S3ListPage {
        var query: [(String, String)] = [("list-type", "2")]
        if let prefix { query.append(("prefix", prefix)) }
        if let delimiter { query.append(("delimiter", delimiter)) }
        if let continuationToken { query.append(("continuation-token", continuationToken)) }
        if let maxKeys { query.append(("max-keys", String(maxKeys))) }
        let request = try makeRequest("ListObjectsV2", "GET", bucket: bucket, key: nil, query: query)
        let response = try await client.send(request)
        let root = try parseXML(response.body, operation: "ListObjectsV2")
        let objects = root.children("Contents").map { entry in
            S3Object(
                key: entry.text("Key") ?? "", size: entry.text("Size").flatMap { Int($0) } ?? 0,
                eTag: entry.text("ETag").map(S3ObjectMetadata.unquote),
                lastModified: entry.text("LastModified").flatMap(ISO8601Timestamp.parse))
        }
        let prefixes = root.children("CommonPrefixes").compactMap { $0.text("Prefix") }
        let truncated = root.text("IsTruncated") == "true"
        let token = truncated ? root.text("NextContinuationToken") : nil
        return S3ListPage(objects: objects, commonPrefixes: prefixes, nextContinuationToken: token)
    }

    /// Every object under `prefix`, following continuation tokens (for listings that fit in memory).
    public func listAllObjects(bucket: String, prefix: String? = nil, pageSize: Int? = nil) async throws -> [S3Object] {
        var objects: [S3Object] = []
        var token: String?
        repeat {
            let page = try await listObjectsV2(
                bucket: bucket, prefix: prefix, continuationToken: token, maxKeys: pageSize)
            objects += page.objects
            token = page.nextContinuationToken
        } while token != nil
        return objects
    }
}
