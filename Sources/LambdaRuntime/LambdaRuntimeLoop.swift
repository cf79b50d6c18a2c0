package import Logging
package import Timekeeping

#if canImport(Glibc)
    import Glibc
#endif

/// The Runtime API loop: next → handle → response or error, forever, generic over the client so it is tested
/// with an in-memory one. One bad event never stops it; a container error (HTTP 500) or SIGTERM does.
package struct LambdaRuntimeLoop<Client: RuntimeClient>: Sendable {
    /// Lambda's limit for a synchronous response.
    package static var maxResponseBytes: Int { 6 * 1024 * 1024 }

    let client: Client
    let handler: any LambdaHandler
    let environment: RuntimeEnvironment
    let logger: Logger
    let time: any TimeSource
    let shutdown: ShutdownSignal?
    /// Sets `_X_AMZN_TRACE_ID` for each event (process-wide in Lambda; a no-op in tests).
    let setTraceID: @Sendable (String?) -> Void

    package init(
        client: Client, handler: any LambdaHandler, environment: RuntimeEnvironment, logger: Logger,
        time: any TimeSource = SystemTimeSource(), shutdown: ShutdownSignal? = nil,
        setTraceID: @escaping @Sendable (String?) -> Void = LambdaRuntimeLoop.setProcessTraceID
    ) {
        self.client = client
        self.handler = handler
        self.environment = environment
        self.logger = logger
        self.time = time
        self.shutdown = shutdown
        self.setTraceID = setTraceID
    }

    /// Serves invocations until `maxInvocations` (nil: forever), a shutdown request, or a fatal error.
    /// - Returns: how many invocations were served.
    @discardableResult
    package func run(maxInvocations: Int? = nil) async throws -> Int {
        var served = 0
        while maxInvocations.map({ served < $0 }) ?? true {
            let invocation = try await client.next()
            shutdown?.beginInvocation()
            try await serve(invocation)
            served += 1
            if shutdown?.endInvocation() == true {
                logger.info("SIGTERM received: stopping after the current invocation")
                break
            }
        }
        return served
    }

    private func serve(_ invocation: Invocation) async throws {
        setTraceID(invocation.traceID)
        var invocationLogger = logger
        invocationLogger[metadataKey: "requestId"] = "\(invocation.requestID)"
        let shutdown = self.shutdown
        let context = LambdaContext(
            requestID: invocation.requestID,
            deadline: Timestamp(millisecondsSince1970: invocation.deadlineMilliseconds),
            invokedFunctionARN: invocation.invokedFunctionARN,
            traceID: invocation.traceID,
            clientContext: invocation.clientContext,
            cognitoIdentity: invocation.cognitoIdentity,
            functionName: environment.functionName,
            functionVersion: environment.functionVersion,
            memoryLimitMB: environment.memoryLimitMB,
            region: environment.region,
            logger: invocationLogger,
            time: time,
            shutdownRequested: { shutdown?.isRequested ?? false }
        )
        let outcome: Result<[UInt8], ReportedError>
        do {
            let body = try await handler.handle(invocation.event, context: context)
            if body.count > Self.maxResponseBytes {
                outcome = .failure(
                    ReportedError(
                        errorType: "Function.ResponseSizeTooLarge",
                        errorMessage:
                            "Response payload size (\(body.count) bytes) exceeded maximum allowed payload size "
                            + "(\(Self.maxResponseBytes) bytes)."))
            } else {
                outcome = .success(body)
            }
        } catch {
            outcome = .failure(ReportedError(describing: error))
        }
        do {
            switch outcome {
            case .success(let body):
                try await client.respond(requestID: invocation.requestID, body: body)
            case .failure(let reported):
                invocationLogger.error(
                    "invocation failed",
                    metadata: ["errorType": "\(reported.errorType)", "error": "\(reported.errorMessage)"])
                try await client.fail(requestID: invocation.requestID, error: reported)
            }
        } catch let error as RuntimeError where error.code != .containerError {
            invocationLogger.error("the Runtime API refused a report: \(error.message)")
        }
    }

    /// Sets or unsets `_X_AMZN_TRACE_ID` in the process environment, as the X-Ray SDKs expect.
    package static func setProcessTraceID(_ traceID: String?) {
        if let traceID { setenv("_X_AMZN_TRACE_ID", traceID, 1) } else { unsetenv("_X_AMZN_TRACE_ID") }
    }
}
