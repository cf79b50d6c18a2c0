/// What identifies an AWS failure for an operator, without the message: service, operation, the service's
/// error code, HTTP status and request id. Handler errors carry it so logs and results keep them.
public struct AWSErrorDetails: Sendable, Hashable {
    public var service: String?
    public var operation: String?
    public var serviceCode: String?
    public var status: Int?
    public var requestID: String?

    /// The details of `error`.
    public init(_ error: AWSError) {
        service = error.service
        operation = error.operation
        serviceCode = error.serviceCode
        status = error.status
        requestID = error.requestID
    }

    /// `service`, `operation`, `code`, `status`, `request_id` as log metadata or error context (present ones).
    public var fields: [String: String] {
        var fields: [String: String] = [:]
        fields["service"] = service
        fields["operation"] = operation
        fields["code"] = serviceCode
        fields["status"] = status.map(String.init)
        fields["request_id"] = requestID
        return fields
    }
}
