public import AWS

/// The one error of object stores: which action failed on which key, in which bucket, and the AWS details
/// (service, operation, status, request id) when S3 answered.
public struct ObjectStoreError: Error, Sendable, CustomStringConvertible {
    /// What failed.
    public enum Code: String, Sendable, Hashable {
        /// Listing, heading or reading failed.
        case read
        /// Writing or deleting failed.
        case write
        /// The object does not exist.
        case notFound
    }

    public var code: Code
    /// `S3 put cost/2025-11/summary.json in my-bucket failed: AccessDenied: …`; never contains secrets.
    public var message: String
    /// The bucket (or `memory`).
    public var location: String
    /// The AWS error's details, when S3 answered.
    public var aws: AWSErrorDetails?

    /// An error.
    public init(_ code: Code, _ message: String, location: String, aws: AWSErrorDetails? = nil) {
        self.code = code
        self.message = message
        self.location = location
        self.aws = aws
    }

    /// `message (bucket=…)`, as it is recorded on a failed partition.
    public var description: String { location.isEmpty ? message : "\(message) (bucket=\(location))" }
}
