import AWSSigV4
import BackfillTesting
import HTTP
import JSON
import Testing
import Timekeeping

@testable import AWS

@Suite("One set of AWS services per process; retry attempts chosen per call")
struct AWSServicesTests {
    static func services(_ transport: ScriptedTransport) -> AWSServices {
        let configuration = AWSConfiguration(
            region: "eu-west-1", credentials: AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret"),
            endpointURL: "http://127.0.0.1:9", retry: AWSRetryConfiguration(maxAttempts: 3))
        return AWSServices(configuration: configuration, transport: transport, timeSource: ManualTimeSource())
    }

    @Test("every service client shares one signed client (one transport, credentials, retry quota)")
    func shared() {
        let services = Self.services(ScriptedTransport())
        #expect(services.s3.client === services.client)
        #expect(services.dynamoDB.client === services.client)
        #expect(services.costExplorer(maxAttempts: 1).client === services.client)
        #expect(services.stepFunctions.client === services.client)
    }

    @Test("a paced source asks for one attempt; the same call elsewhere keeps the configured three")
    func perCallAttempts() async throws {
        let throttled = ScriptedTransport(handler: { _ in
            HTTPResponse(
                status: 400, headers: HTTPHeaders([("Content-Type", "application/x-amz-json-1.1")]),
                body: Array(#"{"__type":"LimitExceededException","message":"slow down"}"#.utf8))
        })
        let services = Self.services(throttled)
        let paced = services.costExplorer(maxAttempts: 1)
        let civil = CivilDate(year: 2025, month: 1, day: 1)
        await #expect(throws: AWSError.self) {
            _ = try await paced.getCostAndUsage(start: civil, end: civil.firstOfMonth(adding: 1))
        }
        #expect(throttled.requests.count == 1)
        await #expect(throws: AWSError.self) {
            _ = try await services.costExplorer.getCostAndUsage(start: civil, end: civil.firstOfMonth(adding: 1))
        }
        #expect(throttled.requests.count == 1 + 3)
    }

    @Test("an AWS error's details survive into handler errors")
    func details() {
        var error = AWSError(.service, "denied", service: "s3", operation: "PutObject")
        error.status = 403
        error.requestID = "req-1"
        error.serviceCode = "AccessDenied"
        let details = AWSErrorDetails(error)
        #expect(
            details.fields == [
                "service": "s3", "operation": "PutObject", "status": "403", "request_id": "req-1",
                "code": "AccessDenied",
            ])
    }
}
