public import AWS

/// An error that carries the AWS failure behind it (service, operation, code, status, request id), so logs keep
/// what an operator quotes to AWS support even when the message is the handler's own.
public protocol AWSFailure: Error {
    /// The AWS details, when AWS answered.
    var aws: AWSErrorDetails? { get }
}

extension ObjectStoreError: AWSFailure {}

extension AWSError: AWSFailure {
    public var aws: AWSErrorDetails? { AWSErrorDetails(self) }
}

/// Log metadata for `error`'s AWS details (`aws_service`, `aws_operation`, `aws_code`, `aws_status`,
/// `aws_request_id`), empty when it has none.
public func awsFailureFields(_ error: any Error) -> [String: String] {
    guard let details = (error as? any AWSFailure)?.aws else { return [:] }
    var fields: [String: String] = [:]
    for (key, value) in details.fields { fields["aws_" + key] = value }
    return fields
}
