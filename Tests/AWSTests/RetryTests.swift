import AWSSigV4
import BackfillTesting
import HTTP
import JSON
import Testing
import Timekeeping

@testable import AWS

@Suite("Retries in standard mode, with a scripted transport and a manual clock")
struct RetryTests {
    static func client(
        _ transport: ScriptedTransport,
        retry: AWSRetryConfiguration = AWSRetryConfiguration(),
        random: Double = 0.5
    ) -> (AWSClient, ManualTimeSource) {
        let time = ManualTimeSource()
        let configuration = AWSConfiguration(
            region: "eu-west-1", credentials: AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret"),
            endpointURL: "http://127.0.0.1:9", retry: retry)
        return (
            AWSClient(configuration: configuration, transport: transport, timeSource: time, random: { random }), time
        )
    }

    static func call(_ client: AWSClient) async throws {
        _ = try await client.callJSON(.dynamoDB, "GetItem", ["TableName": "t"])
    }

    @Test("retries a throttle after full-jitter backoff, then succeeds and refunds the quota")
    func throttleThenSuccess() async throws {
        let transport = ScriptedTransport([.error(400, "ThrottlingException"), .json(200, "{}")])
        let (client, time) = Self.client(transport, random: 0.25)
        try await Self.call(client)
        #expect(transport.requests.count == 2)
        #expect(time.sleeps == [.milliseconds(250)])
        #expect(client.retryStrategy.quota.remaining == 500)
        #expect(transport.requests.allSatisfy { $0.headers["authorization"]?.hasPrefix("AWS4-HMAC-SHA256") == true })
    }

    @Test("gives up after the maximum attempts with the last error and the attempt count")
    func exhaustsAttempts() async throws {
        let transport = ScriptedTransport([
            .error(503, "ServiceUnavailable"), .error(500, "InternalError"), .error(503, "X"),
        ])
        let (client, time) = Self.client(transport, random: 1.0)
        let error = await #expect(throws: AWSError.self) { try await Self.call(client) }
        #expect(error?.attempts == 3)
        #expect(error?.status == 503)
        #expect(time.sleeps == [.seconds(1), .seconds(2)])
        #expect(client.retryStrategy.quota.remaining == 490)
    }

    @Test("never retries a validation error")
    func notRetryable() async throws {
        let transport = ScriptedTransport([.error(400, "ValidationException"), .json(200, "{}")])
        let (client, time) = Self.client(transport)
        let error = await #expect(throws: AWSError.self) { try await Self.call(client) }
        #expect(error?.serviceCode == "ValidationException")
        #expect(error?.attempts == 1)
        #expect(time.sleeps.isEmpty)
        #expect(transport.remainingSteps == 1)
    }

    @Test("honours Retry-After seconds and x-amz-retry-after milliseconds")
    func retryAfter() async throws {
        let transport = ScriptedTransport([
            .error(429, "TooManyRequestsException", headers: [("Retry-After", "3")]),
            .error(503, "SlowDown", headers: [("x-amz-retry-after", "1500")]),
            .json(200, "{}"),
        ])
        let (client, time) = Self.client(transport, random: 0.9)
        try await Self.call(client)
        #expect(time.sleeps == [.seconds(3), .milliseconds(1500)])
    }

    @Test("stops retrying when the retry quota is exhausted, and time-outs cost more")
    func quotaExhaustion() async throws {
        var retry = AWSRetryConfiguration()
        retry.quotaCapacity = 12
        let transport = ScriptedTransport([
            .fail(HTTPError(.timedOut, "slow")), .error(500, "InternalError"),
            .fail(HTTPError(.connectionReset, "rst")),
        ])
        let (client, time) = Self.client(transport, retry: retry)
        let first = await #expect(throws: AWSError.self) { try await Self.call(client) }
        #expect(first?.serviceCode == "InternalError")  // the time-out's retry took 10 of 12 tokens
        #expect(first?.message.contains("retry quota exhausted") == true)
        #expect(first?.attempts == 2)
        #expect(time.sleeps.count == 1)
        #expect(client.retryStrategy.quota.remaining == 2)
        let second = await #expect(throws: AWSError.self) { try await Self.call(client) }
        #expect(second?.attempts == 1)
        #expect(second?.message.contains("retry quota exhausted") == true)
    }

    @Test("connection failures are retried, a cancelled request is not")
    func transportErrors() async throws {
        let transport = ScriptedTransport([
            .fail(HTTPError(.connectFailed, "refused")), .json(200, "{}"), .fail(HTTPError(.cancelled, "gone")),
        ])
        let (client, _) = Self.client(transport)
        try await Self.call(client)
        let error = await #expect(throws: AWSError.self) { try await Self.call(client) }
        #expect(error?.code == .transport)
        #expect(error?.attempts == 1)
    }

    @Test(
        "backoff doubles from one second and is capped at twenty",
        arguments: [(1, 1), (2, 2), (3, 4), (5, 16), (6, 20), (9, 20)])
    func backoffCeiling(attempt: Int, seconds: Int) {
        let strategy = RetryStrategy(configuration: AWSRetryConfiguration(), now: Timestamp(millisecondsSince1970: 0)) {
            1.0
        }
        #expect(strategy.delay(attempt: attempt, hint: nil) == .seconds(seconds))
    }

    @Test("classifies throttling and transient failures as the SDKs do")
    func classification() {
        for code in RetryClassifier.throttlingCodes {
            #expect(RetryClassifier.classify(AWSError(.service, "", serviceCode: code, status: 400)) == .throttling)
        }
        #expect(
            RetryClassifier.classify(AWSError(.service, "", serviceCode: "RequestTimeout", status: 400)) == .transient)
        #expect(RetryClassifier.classify(AWSError(.service, "", serviceCode: "Whatever", status: 502)) == .transient)
        #expect(
            RetryClassifier.classify(AWSError(.service, "", serviceCode: "AccessDenied", status: 403)) == .notRetryable)
        #expect(
            RetryClassifier.classify(
                AWSError(.service, "", serviceCode: "ConditionalCheckFailedException", status: 400))
                == .notRetryable)
        #expect(RetryClassifier.classify(AWSError(.credentials, "none")) == .notRetryable)
    }

    @Test("AWS_RETRY_MODE and AWS_MAX_ATTEMPTS choose the mode and attempts")
    func retryEnvironment() throws {
        let adaptive = try AWSRetryConfiguration(environment: ["AWS_RETRY_MODE": "adaptive", "AWS_MAX_ATTEMPTS": "5"])
        #expect(adaptive.mode == .adaptive)
        #expect(adaptive.maxAttempts == 5)
        #expect(try AWSRetryConfiguration(environment: ["AWS_RETRY_MODE": "legacy"]).mode == .standard)
        let bad = #expect(throws: AWSError.self) { try AWSRetryConfiguration(environment: ["AWS_MAX_ATTEMPTS": "0"]) }
        #expect(bad?.message.contains("AWS_MAX_ATTEMPTS") == true)
        let badMode = #expect(throws: AWSError.self) { try AWSRetryConfiguration(environment: ["AWS_RETRY_MODE": "x"]) }
        #expect(badMode?.message.contains("AWS_RETRY_MODE") == true)
    }
}
