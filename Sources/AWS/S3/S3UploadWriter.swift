/// Uploads an object of unknown size from chunks as they come (the Parquet writer sinks into it): chunks fill a
/// part buffer; each full part is uploaded; `finish` completes the upload, or sends one PutObject when everything
/// fit in a single part. Any failure aborts the multipart upload so no orphaned parts remain.
public actor S3UploadWriter {
    private let s3: S3Client
    private let bucket: String
    private let key: String
    private let contentType: String
    private let metadata: [String: String]
    private let partSize: Int
    private var buffer: [UInt8] = []
    private var uploadID: String?
    private var parts: [S3CompletedPart] = []
    private var finished = false

    /// The total bytes written so far.
    public private(set) var bytesWritten = 0

    /// - Parameter partSize: bytes per part (at least 5 MiB, S3's minimum for all but the last part).
    public init(
        s3: S3Client,
        bucket: String,
        key: String,
        contentType: String = "application/octet-stream",
        partSize: Int = 8 << 20,
        metadata: [String: String] = [:]
    ) {
        self.s3 = s3
        self.bucket = bucket
        self.key = key
        self.contentType = contentType
        self.partSize = max(partSize, 5 << 20)
        self.metadata = metadata
    }

    /// Appends bytes, uploading every part that fills up.
    public func write(_ bytes: [UInt8]) async throws {
        guard !finished else { throw AWSError(.invalidRequest, "write after finish or abort on s3://\(bucket)/\(key)") }
        bytesWritten += bytes.count
        buffer += bytes
        while buffer.count >= partSize {
            let part = Array(buffer[0..<partSize])
            buffer.removeFirst(partSize)
            try await upload(part)
        }
    }

    /// Uploads what remains and completes the object.
    public func finish() async throws -> S3PutResult {
        guard !finished else { throw AWSError(.invalidRequest, "finish called twice on s3://\(bucket)/\(key)") }
        finished = true
        guard let uploadID else {
            var single = s3
            single.multipartThreshold = Int.max
            return try await single.putObject(
                bucket: bucket, key: key, body: buffer, contentType: contentType, metadata: metadata)
        }
        do {
            if !buffer.isEmpty {
                parts.append(
                    try await s3.uploadPart(
                        bucket: bucket, key: key, uploadID: uploadID, partNumber: parts.count + 1, body: buffer))
                buffer = []
            }
            return try await s3.completeMultipartUpload(bucket: bucket, key: key, uploadID: uploadID, parts: parts)
        } catch {
            await abort()
            throw error
        }
    }

    /// Abandons the upload (best effort; errors are ignored) and drops buffered bytes.
    public func abort() async {
        finished = true
        buffer = []
        if let uploadID {
            try? await s3.abortMultipartUpload(bucket: bucket, key: key, uploadID: uploadID)
            self.uploadID = nil
        }
    }

    private func upload(_ part: [UInt8]) async throws {
        do {
            if uploadID == nil {
                uploadID = try await s3.createMultipartUpload(
                    bucket: bucket, key: key, contentType: contentType, metadata: metadata)
            }
            guard let uploadID else { return }
            parts.append(
                try await s3.uploadPart(
                    bucket: bucket, key: key, uploadID: uploadID, partNumber: parts.count + 1, body: part))
        } catch {
            await abort()
            throw error
        }
    }
}
