public import Logging
public import Timekeeping

/// What the runtime knows about one invocation, handed to the handler with the event.
public struct LambdaContext: Sendable {
    public var requestID: String
    /// When Lambda will stop the invocation.
    public var deadline: Timestamp
    public var invokedFunctionARN: String
    public var traceID: String?
    /// The raw `Lambda-Runtime-Client-Context` JSON, when a mobile SDK sent one.
    public var clientContext: String?
    /// The raw `Lambda-Runtime-Cognito-Identity` JSON.
    public var cognitoIdentity: String?
    public var functionName: String
    public var functionVersion: String
    public var memoryLimitMB: Int
    public var region: String
    public var logger: Logger
    /// The clock deadlines are measured against.
    public var time: any TimeSource
    /// Becomes true when the runtime received SIGTERM: finish or checkpoint the current unit of work and return.
    public var shutdownRequested: @Sendable () -> Bool

    public init(
        requestID: String,
        deadline: Timestamp,
        invokedFunctionARN: String,
        traceID: String? = nil,
        clientContext: String? = nil,
        cognitoIdentity: String? = nil,
        functionName: String = "local",
        functionVersion: String = "$LATEST",
        memoryLimitMB: Int = 128,
        region: String = "us-east-1",
        logger: Logger,
        time: any TimeSource = SystemTimeSource(),
        shutdownRequested: @escaping @Sendable () -> Bool = { false }
    ) {
        self.requestID = requestID
        self.deadline = deadline
        self.invokedFunctionARN = invokedFunctionARN
        self.traceID = traceID
        self.clientContext = clientContext
        self.cognitoIdentity = cognitoIdentity
        self.functionName = functionName
        self.functionVersion = functionVersion
        self.memoryLimitMB = memoryLimitMB
        self.region = region
        self.logger = logger
        self.time = time
        self.shutdownRequested = shutdownRequested
    }

    /// Time left before the deadline (negative once it has passed).
    public var remainingTime: Duration { deadline - time.now }
}
