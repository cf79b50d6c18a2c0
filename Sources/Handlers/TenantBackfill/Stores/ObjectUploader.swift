public import AWS
public import Formats

/// Writes an object as it is produced instead of from one buffer: a chunk's Parquet file goes to the bucket part
/// by part while it is encoded (an S3 multipart upload once it outgrows one part), so its bytes are never all in
/// memory, however many records a one-day chunk holds.
public protocol ObjectUploader: Sendable {
    /// A sink whose bytes become `key` (with `contentType` and user `metadata`) when it is closed.
    func upload(_ key: String, contentType: String, metadata: [String: String]) -> any ObjectUpload
}

/// One object being uploaded: a ``ByteSink`` that can also be abandoned.
public protocol ObjectUpload: ByteSink {
    /// Abandons the upload: no object appears and no uploaded part is left behind (best effort).
    func abort() async
}

/// Uploads into an S3 bucket through ``S3UploadWriter``: one `PutObject` when the file fits in one part, else
/// `CreateMultipartUpload`, an `UploadPart` per `partSize` bytes as they are written, `CompleteMultipartUpload`
/// on close, and `AbortMultipartUpload` on any failure.
public struct S3ObjectUploader: ObjectUploader {
    public let s3: S3Client
    public let bucket: String
    /// Bytes per part (S3's minimum, 5 MiB, is enforced).
    public let partSize: Int

    /// An uploader into `bucket`.
    public init(s3: S3Client, bucket: String, partSize: Int = 8 << 20) {
        self.s3 = s3
        self.bucket = bucket
        self.partSize = partSize
    }

    public func upload(_ key: String, contentType: String, metadata: [String: String]) -> any ObjectUpload {
        S3ObjectUpload(
            writer: S3UploadWriter(
                s3: s3, bucket: bucket, key: key, contentType: contentType, partSize: partSize, metadata: metadata))
    }
}

/// An ``S3UploadWriter`` as an ``ObjectUpload``.
struct S3ObjectUpload: ObjectUpload {
    let writer: S3UploadWriter

    func write(_ chunk: [UInt8]) async throws { try await writer.write(chunk) }

    func close() async throws { _ = try await writer.finish() }

    func abort() async { await writer.abort() }
}
