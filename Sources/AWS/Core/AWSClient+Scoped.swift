import HTTP
public import Logging
public import Timekeeping

extension AWSClient {
    /// Creates a client on a fresh libcurl transport, runs `body`, and shuts the transport down afterwards.
    public static func withClient<Result>(
        configuration: AWSConfiguration,
        timeSource: any TimeSource = SystemTimeSource(),
        logger: Logger = Logger(label: "aws", factory: { _ in SwiftLogNoOpLogHandler() }),
        _ body: (AWSClient) async throws -> Result
    ) async throws -> Result {
        try await CurlHTTPClient.withClient { http in
            try await body(
                AWSClient(configuration: configuration, transport: http, timeSource: timeSource, logger: logger))
        }
    }
}
