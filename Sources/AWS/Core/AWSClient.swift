import AWSSigV4
public import HTTP
public import Logging
public import Timekeeping

/// Sends signed requests to AWS with retries: resolves endpoints and credentials, signs every attempt, decodes
/// error answers into `AWSError`, and logs request id, service, operation, status and attempt at debug level.
/// Service clients (`S3Client`, `DynamoDBClient`, …) are thin layers over it.
public final class AWSClient: Sendable {
    public let configuration: AWSConfiguration
    public let transport: any HTTPTransport
    public let timeSource: any TimeSource
    public let credentialProvider: any AWSCredentialProvider
    public let retryStrategy: RetryStrategy
    let logger: Logger

    /// - Parameters:
    ///   - credentialProvider: overrides the provider built from `configuration.credentialSource`.
    ///   - random: a uniform value in `0..<1` for backoff jitter (injected in tests).
    public init(
        configuration: AWSConfiguration,
        transport: any HTTPTransport,
        timeSource: any TimeSource = SystemTimeSource(),
        credentialProvider: (any AWSCredentialProvider)? = nil,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        logger: Logger = Logger(label: "aws", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.configuration = configuration
        self.transport = transport
        self.timeSource = timeSource
        self.credentialProvider =
            credentialProvider
            ?? AWSCredentialProviders.make(
                source: configuration.credentialSource, transport: transport, timeSource: timeSource)
        self.retryStrategy = RetryStrategy(configuration: configuration.retry, now: timeSource.now, random: random)
        self.logger = logger
    }

    /// The endpoint requests for `service` go to.
    public func endpoint(for service: AWSService) throws(AWSError) -> AWSEndpoint {
        try configuration.endpoint(for: service)
    }

    /// Sends `request` with retries and returns the buffered successful response; error answers throw `AWSError`.
    public func send(_ request: AWSRequest) async throws -> HTTPResponse {
        try await withRetries(request) { httpRequest in
            let response = try await self.transport.execute(httpRequest)
            return (response.status, response.headers, response.body, response)
        }
    }

    /// Sends `request` and returns once status and headers are in; the body streams. Retries happen only before
    /// a successful status arrives (an error answer's body is read to decode it).
    public func stream(_ request: AWSRequest) async throws -> HTTPStreamingResponse {
        try await withRetries(request) { httpRequest in
            let response = try await self.transport.stream(httpRequest)
            if response.status >= 300 {
                let buffered = try await response.collect(upTo: 1 << 20)
                return (buffered.status, buffered.headers, buffered.body, response)
            }
            return (response.status, response.headers, [], response)
        }
    }

    /// The retry loop shared by `send` and `stream`.
    private func withRetries<Response: Sendable>(
        _ request: AWSRequest,
        perform: @Sendable (HTTPRequest) async throws -> (Int, HTTPHeaders, [UInt8], Response)
    ) async throws -> Response {
        let endpoint = try endpoint(for: request.service)
        var attempt = 1
        var lastRetryCost: Int?
        while true {
            if let limiter = retryStrategy.limiter {
                let wait = limiter.acquire(now: timeSource.now)
                if wait > .zero { try await timeSource.sleep(for: wait) }
            }
            var failure: AWSError
            do {
                let signed = try await sign(request, endpoint: endpoint)
                let (status, headers, body, response) = try await perform(signed)
                let requestID = AWSErrorDecoder.requestID(from: headers)
                logger.debug(
                    "aws call",
                    metadata: [
                        "service": "\(request.service.id)", "operation": "\(request.operation)",
                        "status": "\(status)", "attempt": "\(attempt)", "request_id": "\(requestID ?? "-")",
                    ])
                if (200..<300).contains(status) {
                    retryStrategy.limiter?.record(now: timeSource.now, throttled: false)
                    retryStrategy.recordSuccess(lastRetryCost: lastRetryCost)
                    return response
                }
                failure = AWSErrorDecoder.decode(
                    status: status, headers: headers, body: body, service: request.service,
                    operation: request.operation, now: timeSource.now)
            } catch let error as AWSError {
                failure = error
            } catch let error as HTTPError {
                failure = AWSError(
                    .transport, error.description, service: request.service.id, operation: request.operation,
                    underlying: error)
                logger.debug(
                    "aws call failed",
                    metadata: [
                        "service": "\(request.service.id)", "operation": "\(request.operation)",
                        "attempt": "\(attempt)", "error": "\(error.code.rawValue)",
                    ])
            }
            failure.attempts = attempt
            if failure.service == nil { failure.service = request.service.id }
            if failure.operation == nil { failure.operation = request.operation }
            let classification = RetryClassifier.classify(failure)
            retryStrategy.limiter?.record(now: timeSource.now, throttled: classification == .throttling)
            switch retryStrategy.decide(after: failure, attempt: attempt, maxAttempts: request.maxAttempts) {
            case .fail(let reason):
                if let reason { failure.message += " (\(reason))" }
                throw failure
            case .retry(let delay, let cost):
                lastRetryCost = cost
                try await timeSource.sleep(for: delay)
                attempt += 1
            }
        }
    }

    /// Signs one attempt with current credentials and the current time.
    private func sign(_ request: AWSRequest, endpoint: AWSEndpoint) async throws -> HTTPRequest {
        let credentials: AWSCredentials
        do {
            credentials = try await credentialProvider.credentials()
        } catch let error as AWSError {
            throw error
        } catch {
            throw AWSError(.credentials, "cannot obtain credentials: \(error)")
        }
        let signer = SigV4Signer(
            service: request.service.signingName, region: endpoint.signingRegion,
            pathRules: request.service == .s3 ? .s3 : .standard)
        let signature = signer.sign(
            SigV4Request(
                method: request.method, url: request.url,
                headers: request.headers.map { (name: $0.name, value: $0.value) }, payload: .bytes(request.body)),
            credentials: credentials,
            date: SigV4Date(secondsSince1970: Int(timeSource.now.secondsSince1970)))
        return HTTPRequest(
            method: request.method, url: signature.url,
            headers: HTTPHeaders(signature.headers.map { ($0.name, $0.value) }),
            body: request.body, timeout: request.timeout)
    }
}
