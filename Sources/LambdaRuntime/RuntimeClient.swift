import Redaction

/// One event as the Runtime API hands it out.
public struct Invocation: Sendable {
    public var requestID: String
    public var deadlineMilliseconds: Int64
    public var invokedFunctionARN: String
    public var traceID: String?
    public var clientContext: String?
    public var cognitoIdentity: String?
    public var event: [UInt8]

    public init(
        requestID: String, deadlineMilliseconds: Int64, invokedFunctionARN: String, traceID: String? = nil,
        clientContext: String? = nil, cognitoIdentity: String? = nil, event: [UInt8]
    ) {
        self.requestID = requestID
        self.deadlineMilliseconds = deadlineMilliseconds
        self.invokedFunctionARN = invokedFunctionARN
        self.traceID = traceID
        self.clientContext = clientContext
        self.cognitoIdentity = cognitoIdentity
        self.event = event
    }
}

/// The error body the Runtime API expects for function and init errors.
public struct ReportedError: Error, Sendable, Equatable {
    public var errorType: String
    public var errorMessage: String

    public init(errorType: String, errorMessage: String) {
        self.errorType = errorType
        self.errorMessage = errorMessage
    }

    /// What the Runtime API is told for a thrown error: a `LambdaFunctionError`'s own type and message, otherwise
    /// the error's type name and description; the message passes through the secret redactor.
    public init(describing error: any Error) {
        let redactor = SecretRedactor()
        if let functionError = error as? any LambdaFunctionError {
            self.init(errorType: functionError.errorType, errorMessage: redactor.redact(functionError.errorMessage))
        } else {
            self.init(
                errorType: String(describing: type(of: error)), errorMessage: redactor.redact(String(describing: error))
            )
        }
    }
}

/// The narrow seam between the loop and the Runtime API: a real client over HTTP and in-memory ones in tests.
package protocol RuntimeClient: Sendable {
    /// Waits (without a time limit) for the next event.
    func next() async throws -> Invocation
    /// Reports a handler's result.
    func respond(requestID: String, body: [UInt8]) async throws
    /// Reports a handler's failure.
    func fail(requestID: String, error: ReportedError) async throws
    /// Reports a failure to initialise; the process exits afterwards.
    func failInit(error: ReportedError) async throws
}
