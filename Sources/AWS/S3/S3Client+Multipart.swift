import HTTP

extension S3Client {
    /// Starts a multipart upload and returns its upload id.
    public func createMultipartUpload(
        bucket: String,
        key: String,
        contentType: String = "application/octet-stream",
        metadata: [String: String] = [:]
    ) async throws -> String {
        var headers = HTTPHeaders()
        headers.set("Content-Type", contentType)
        for (name, value) in metadata.sorted(by: { $0.key < $1.key }) { headers.set("x-amz-meta-\(name)", value) }
        let request = try makeRequest(
            "CreateMultipartUpload", "POST", bucket: bucket, key: key, query: [("uploads", "")], headers: headers)
        let response = try await client.send(request)
        guard let uploadID = try parseXML(response.body, operation: "CreateMultipartUpload").text("UploadId") else {
            throw AWSError(.invalidResponse, "CreateMultipartUpload answered without an UploadId", service: "s3")
        }
        return uploadID
    }

    /// Uploads part `partNumber` (1…10000; every part but the last at least 5 MiB) and returns its ETag.
    public func uploadPart(
        bucket: String,
        key: String,
        uploadID: String,
        partNumber: Int,
        body: [UInt8]
    ) async throws -> S3CompletedPart {
        var headers = HTTPHeaders()
        headers.set("Content-Type", "application/octet-stream")
        let request = try makeRequest(
            "UploadPart", "PUT", bucket: bucket, key: key,
            query: [("partNumber", String(partNumber)), ("uploadId", uploadID)], headers: headers, body: body)
        let response = try await client.send(request)
        guard let eTag = response.headers["etag"] else {
            throw AWSError(.invalidResponse, "UploadPart answered without an ETag", service: "s3")
        }
        return S3CompletedPart(partNumber: partNumber, eTag: S3ObjectMetadata.unquote(eTag))
    }

    /// Completes an upload from its parts (in part-number order).
    public func completeMultipartUpload(
        bucket: String,
        key: String,
        uploadID: String,
        parts: [S3CompletedPart]
    ) async throws -> S3PutResult {
        var writer = XMLWriter()
        writer.open("CompleteMultipartUpload", namespace: Self.namespace)
        for part in parts.sorted(by: { $0.partNumber < $1.partNumber }) {
            writer.open("Part")
            writer.element("PartNumber", String(part.partNumber))
            writer.element("ETag", "\"\(part.eTag)\"")
            writer.close("Part")
        }
        writer.close("CompleteMultipartUpload")
        var headers = HTTPHeaders()
        headers.set("Content-Type", "application/xml")
        let request = try makeRequest(
            "CompleteMultipartUpload", "POST", bucket: bucket, key: key, query: [("uploadId", uploadID)],
            headers: headers, body: Array(writer.output.utf8))
        let response = try await client.send(request)
        // S3 may answer 200 and still report an error in the body.
        let root = try parseXML(response.body, operation: "CompleteMultipartUpload")
        if root.name == "Error" {
            throw AWSError(
                .service, root.text("Message") ?? "CompleteMultipartUpload failed", serviceCode: root.text("Code"),
                service: "s3", operation: "CompleteMultipartUpload", status: response.status,
                requestID: root.text("RequestId"))
        }
        return S3PutResult(eTag: root.text("ETag").map(S3ObjectMetadata.unquote), parts: parts.count)
    }

    /// Abandons an upload so its parts stop costing storage.
    public func abortMultipartUpload(bucket: String, key: String, uploadID: String) async throws {
        let request = try makeRequest(
            "AbortMultipartUpload", "DELETE", bucket: bucket, key: key, query: [("uploadId", uploadID)])
        _ = try await client.send(request)
    }
}
